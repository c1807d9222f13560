"""The people of the demo county: one login for each persona of the test suite, and
ordinary members for realism.

`ccrhub.partners.demo.build_county` creates them beside the agencies they work for and
gives them their roles; `demo_personas` reads the logins back (`persona_logins`).
Passwords and TOTP secrets below are demo data. They never reach a production
database: the commands refuse to run without DEBUG.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

from ccrhub.accounts.models import User
from ccrhub.partners.models import Agency, Representative, Role, Unit

# Rows of people who never log in in the demo (ordinary members, synthetic users).
NO_LOGIN_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "demo-member"


@dataclass(frozen=True)
class PersonaSpec:
    key: str
    full_name: str
    email: str
    password: str
    totp_secret: str
    agency: str  # agency key
    roles: tuple[tuple[str, str], ...]  # (collaborative key, role)
    unit: str = ""


C, M = Role.COORDINATOR, Role.MEMBER

PERSONAS: tuple[PersonaSpec, ...] = (
    PersonaSpec(
        "coordinator",
        "Dana Whitfield",
        "dana.whitfield@familysafety.riverbend.example",
        "Lantern-Harvest-Quietly-42",
        "SO2QXP63O2LY57TFRN2MYFK4XRV7XHFU",
        "coordination",
        (("ccr", C), ("sart", C), ("marac", C), ("death_review", C)),
    ),
    PersonaSpec(
        "agency_admin",
        "Marcus Bell",
        "marcus.bell@police.riverbend.example",
        "Copper-Meadow-Falcon-17",
        "MCWEGWIXSLWQAV4ZL2PVCIMEYXNLLHA2",
        "police",
        (("ccr", Role.AGENCY_ADMIN), ("death_review", M)),
    ),
    PersonaSpec(
        "police_officer",
        "Sofia Ramirez",
        "sofia.ramirez@police.riverbend.example",
        "Granite-Willow-Sparrow-83",
        "QLGVHCBK2NNP7WHN5BRPIBY7HEVXDEHL",
        "police",
        (("ccr", M), ("marac", M), ("sart", M)),
        unit="Domestic Violence Unit",
    ),
    PersonaSpec(
        "prosecutor",
        "Aaron Feldman",
        "aaron.feldman@attorney.riverbend.example",
        "Velvet-Compass-Orchid-56",
        "FZYYEO5LJ3LWZHUAL5436DFRDHQ6FCER",
        "prosecutor",
        (("ccr", M), ("sart", M), ("marac", M)),
        unit="Family Violence Prosecution Unit",
    ),
    PersonaSpec(
        "probation_officer",
        "Grace Lindqvist",
        "grace.lindqvist@corrections.riverbend.example",
        "Thistle-Beacon-Marble-29",
        "QGS5A3YKKKURKUD3JF46FYII7SJQHR4N",
        "probation",
        (("ccr", M), ("marac", M)),
        unit="Domestic Violence Caseload",
    ),
    PersonaSpec(
        "advocate",
        "Imani Carter",
        "imani.carter@safeharbor.riverbend.example",
        "Saffron-Harbor-Maple-64",
        "NMGDBWZ244R2V3EFMLR4RDASFPQXQKF7",
        "vsp",
        (("ccr", Role.ADVOCATE), ("marac", Role.ADVOCATE)),
    ),
    PersonaSpec(
        "analyst",
        "Priya Natarajan",
        "priya.natarajan@university.riverbend.example",
        "Quartz-Ember-Pelican-31",
        "UQTA7F52NLJESSBEBMTGIUOEHJQUNXA3",
        "university",
        (("ccr", Role.ANALYST),),
    ),
    PersonaSpec(
        "community_member",
        "Walter Greyeagle",
        "walter.greyeagle@neighbors.riverbend.example",
        "Juniper-Kite-Meadowlark-75",
        "A7DW4T2UFUPIFNHWCHXFAMSCESN63NOB",
        "neighbors",
        (("ccr", Role.COMMUNITY_MEMBER),),
    ),
    PersonaSpec(
        "outsider",
        "Helen Marsh",
        "helen.marsh@familyjustice.lakeside.example",
        "Cobalt-Prairie-Heron-48",
        "OQEQUT2YWRWVE7C3GQNIH5HXWV4G3Z34",
        "lakeside_coordination",
        (("neighbour_ccr", C),),
    ),
    # An officer of the same police department who will be a party to a case: a
    # member of the CCR like any colleague, yet never allowed to open that case.
    PersonaSpec(
        "party_officer",
        "Kyle Dunmore",
        "kyle.dunmore@police.riverbend.example",
        "Birch-Tundra-Lantern-92",
        "MNRYPMBDHNRIRIWNY3MGCKIPRRZSEEUI",
        "police",
        (("ccr", M),),
        unit="Patrol Division",
    ),
)
PERSONA_KEYS: tuple[str, ...] = tuple(p.key for p in PERSONAS)
PERSONAS_BY_KEY: dict[str, PersonaSpec] = {p.key: p for p in PERSONAS}

# Ordinary members for realism: (agency key, full name, unit). Members of the
# collaboratives their agency belongs to; they cannot log in.
EXTRA_MEMBERS: tuple[tuple[str, str, str], ...] = (
    ("coordination", "Rosa Delgado", ""),
    ("vsp", "Hannah Brooks", ""),
    ("vsp", "Lucía Moreno", ""),
    ("police", "Derek Holloway", "Domestic Violence Unit"),
    ("police", "Tanya Whitlock", "Patrol Division"),
    ("sheriff", "Frank Osei", "Civil Process Unit"),
    ("sheriff", "Megan Tull", "County Jail"),
    ("prosecutor", "Nora Castellanos", "Family Violence Prosecution Unit"),
    ("court", "Judge Ellen Park", ""),
    ("court", "Victor Aldana", ""),
    ("probation", "Samuel Reyes", "Domestic Violence Caseload"),
    ("bip", "Curtis Young", ""),
    ("hospital", "Joanna Pryce", "SANE Program"),
    ("hospital", "Dr. Amit Shah", "Emergency Department"),
    ("mental_health", "Leah Sorensen", ""),
    ("medical_examiner", "Dr. Paul Whitaker", ""),
    ("public_health", "Tamsin Greaves", ""),
    ("child_welfare", "Monique Harris", ""),
    ("cac", "Ben Okonkwo", ""),
    ("human_services", "Ruth Albrecht", ""),
    ("housing", "Luis Gutierrez", ""),
    ("schools", "Karen Liu", ""),
    ("university", "Dr. Nathan Cole", ""),
    ("faith", "Rev. Adeline Moss", ""),
    ("latina", "Carmen Villanueva", ""),
    ("latina", "Daniela Ortiz", ""),
    ("tribal", "Winona Blackfeather", ""),
    ("deaf", "Jordan Ellis", ""),
    ("lgbtq", "Sam Rivera", ""),
    ("black_families", "Denise Washington", ""),
    ("immigrant", "Tomás Herrera", ""),
    ("legal_aid", "Miriam Katz", ""),
    ("survivors", "Alicia Benton", ""),
    ("neighbors", "George Pappas", ""),
    ("lakeside_police", "Owen Crane", ""),
    ("lakeside_shelter", "Beth Lawson", ""),
)


_TITLES = {"dr.", "rev.", "judge"}


def email_for(full_name: str, agency_key: str) -> str:
    """A fictional address for an ordinary member (the .example domain is reserved)."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    words = [w for w in ascii_name.lower().split() if w not in _TITLES]
    return f"{'.'.join(words)}@{agency_key.replace('_', '-')}.riverbend.example"


def activate_totp(users_and_secrets: Iterable[tuple[User, str]]) -> None:
    """Give each user a TOTP authenticator with a known secret.

    Row for row what allauth's `TOTP.activate(user, secret)` saves (its `encrypt`
    hook included), in one INSERT, so the test personas stay fast to build.
    """
    Authenticator.objects.bulk_create(
        Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
        for user, secret in users_and_secrets
    )


def create_personas(
    agencies: dict[str, Agency], units: dict[tuple[str, str], Unit]
) -> dict[str, User]:
    """One user per persona, with the authenticator app set up: persona key → user."""
    rows = User.objects.bulk_create(
        User(
            email=p.email,
            full_name=p.full_name,
            password=make_password(p.password),
            agency=agencies[p.agency],
            unit=units.get((p.agency, p.unit)) if p.unit else None,
        )
        for p in PERSONAS
    )
    users = dict(zip(PERSONA_KEYS, rows, strict=True))
    activate_totp((users[p.key], p.totp_secret) for p in PERSONAS)
    return users


def create_members(agencies: dict[str, Agency], units: dict[tuple[str, str], Unit]) -> list[User]:
    """The ordinary members, in the order of `EXTRA_MEMBERS`; they cannot log in."""
    return User.objects.bulk_create(
        User(
            email=email_for(name, akey),
            full_name=name,
            password=NO_LOGIN_PASSWORD,
            agency=agencies[akey],
            unit=units.get((akey, unit)) if unit else None,
        )
        for akey, name, unit in EXTRA_MEMBERS
    )


def persona_logins() -> list[dict[str, Any]]:
    """The demo logins as plain data: one dict per persona found in the database."""
    by_email = {
        u.email: u
        for u in User.objects.filter(email__in=[p.email for p in PERSONAS]).select_related("agency")
    }
    roles: dict[int, list[dict[str, str]]] = {}
    for rep in (
        Representative.objects.filter(user__in=by_email.values(), is_active=True)
        .select_related("collaborative")
        .order_by("collaborative__name")
    ):
        roles.setdefault(rep.user_id, []).append(
            {
                "name": rep.collaborative.name,
                "id": str(rep.collaborative.public_id),
                "role": rep.role,
            }
        )
    result = []
    for p in PERSONAS:
        user = by_email.get(p.email)
        if user is None:
            continue
        result.append(
            {
                "key": p.key,
                "email": p.email,
                "password": p.password,
                "agency": user.agency.name if user.agency else "",
                "collaboratives": roles.get(user.pk, []),
                "totp_secret": p.totp_secret,
            }
        )
    return result
