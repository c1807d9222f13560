"""The demo county and synthetic data at scale.

`build_county()` creates Riverbend County (fictional): its CCR, SART, high-risk team
and death-review panel, the agencies that belong to them, and one person for each
persona of the test suite, plus the neighbouring Lakeside County CCR for the
outsider. `seed_demo` loads it for `make run`; the test suite's `personas` fixture
builds the same county with `minimal=True` (no extra members), so the demo and the
tests tell the same stories.

Building demo data is an operations script, not a user action: rows are created
directly (bulk where possible) and nothing is audited.

Passwords and TOTP secrets below are demo data, printed by `demo_personas`. They
never reach a production database: the commands refuse to run without DEBUG.
"""

import random
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import transaction

from ccrhub.accounts.models import User
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    CollaborativeKind,
    Regime,
    Representative,
    Role,
    Sector,
    Unit,
)

COUNTY = "Riverbend County"
NEIGHBOUR_COUNTY = "Lakeside County"
# Rows of people who never log in in the demo (ordinary members, synthetic users).
NO_LOGIN_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "demo-member"


# ---------------------------------------------------------------------------
# The county as data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    sector: str
    regime: str
    communities: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class CollaborativeSpec:
    key: str
    name: str
    kind: str
    area: str
    mission: str
    communities_served: tuple[str, ...]
    members: tuple[str, ...]  # agency keys


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


AGENCIES: tuple[AgencySpec, ...] = (
    # The coordinating agency is not the victim-service provider: the coordinator
    # must not see VSP survivor data without a release (DESIGN.md, personas).
    AgencySpec(
        "coordination",
        "Riverbend Partnership for Family Safety",
        Sector.COORDINATION,
        Regime.COORDINATING,
    ),
    AgencySpec("vsp", "Riverbend Safe Harbor", Sector.ADVOCACY, Regime.VSP),
    AgencySpec(
        "police",
        "Riverbend City Police Department",
        Sector.LAW_ENFORCEMENT,
        Regime.CRIMINAL_JUSTICE,
        units=("Domestic Violence Unit", "Patrol Division"),
    ),
    AgencySpec(
        "sheriff",
        "Riverbend County Sheriff's Office",
        Sector.LAW_ENFORCEMENT,
        Regime.CRIMINAL_JUSTICE,
        units=("Civil Process Unit", "County Jail"),
    ),
    AgencySpec(
        "prosecutor",
        "Riverbend County Attorney's Office",
        Sector.PROSECUTION,
        Regime.CRIMINAL_JUSTICE,
        units=("Family Violence Prosecution Unit",),
    ),
    AgencySpec("court", "Riverbend County District Court", Sector.COURTS, Regime.CRIMINAL_JUSTICE),
    AgencySpec(
        "probation",
        "Riverbend County Community Corrections",
        Sector.PROBATION,
        Regime.CRIMINAL_JUSTICE,
        units=("Domestic Violence Caseload",),
    ),
    AgencySpec("bip", "New Directions Intervention Program", Sector.BIP, Regime.COMMUNITY),
    AgencySpec(
        "hospital",
        "Riverbend General Hospital",
        Sector.HEALTH,
        Regime.HEALTH,
        units=("SANE Program", "Emergency Department"),
    ),
    AgencySpec("mental_health", "Riverbend Behavioral Health", Sector.MENTAL_HEALTH, Regime.HEALTH),
    AgencySpec(
        "medical_examiner", "Riverbend County Medical Examiner", Sector.HEALTH, Regime.HEALTH
    ),
    AgencySpec(
        "public_health",
        "Riverbend County Public Health Department",
        Sector.PUBLIC_HEALTH,
        Regime.HEALTH,
    ),
    AgencySpec(
        "child_welfare",
        "Riverbend County Children and Family Services",
        Sector.CHILD_WELFARE,
        Regime.CHILD_WELFARE,
    ),
    AgencySpec(
        "cac", "Riverbend Child Advocacy Center", Sector.CHILD_ADVOCACY, Regime.CHILD_WELFARE
    ),
    AgencySpec(
        "human_services",
        "Riverbend County Human Services",
        Sector.SOCIAL_SERVICES,
        Regime.COMMUNITY,
    ),
    AgencySpec("housing", "Riverbend Housing Authority", Sector.HOUSING, Regime.COMMUNITY),
    AgencySpec("schools", "Riverbend Unified School District", Sector.SCHOOLS, Regime.COMMUNITY),
    AgencySpec("university", "Riverbend State University", Sector.UNIVERSITIES, Regime.COMMUNITY),
    AgencySpec("faith", "Riverbend Interfaith Council", Sector.FAITH, Regime.COMMUNITY),
    # Culturally-specific programmes that serve survivors are victim-service providers.
    AgencySpec(
        "latina",
        "Casa Luz Latina Alliance",
        Sector.CULTURALLY_SPECIFIC,
        Regime.VSP,
        communities=("Latino", "Immigrant"),
    ),
    AgencySpec(
        "tribal",
        "Red Cedar Native Women's Circle",
        Sector.CULTURALLY_SPECIFIC,
        Regime.VSP,
        communities=("Indigenous",),
    ),
    AgencySpec(
        "deaf",
        "Riverbend Deaf Access Center",
        Sector.DISABILITY,
        Regime.COMMUNITY,
        communities=("Deaf",),
    ),
    AgencySpec(
        "lgbtq",
        "Riverbend Pride Community Center",
        Sector.CULTURALLY_SPECIFIC,
        Regime.COMMUNITY,
        communities=("LGBTQ",),
    ),
    AgencySpec(
        "black_families",
        "Riverbend African American Family Network",
        Sector.CULTURALLY_SPECIFIC,
        Regime.COMMUNITY,
        communities=("African American",),
    ),
    AgencySpec(
        "immigrant",
        "Riverbend Immigrant Rights Project",
        Sector.IMMIGRATION,
        Regime.COMMUNITY,
        communities=("Immigrant",),
    ),
    AgencySpec("legal_aid", "Riverbend Legal Aid Society", Sector.LEGAL, Regime.COMMUNITY),
    AgencySpec("survivors", "Riverbend Survivor Voices", Sector.SURVIVORS, Regime.COMMUNITY),
    AgencySpec(
        "neighbors", "Riverbend Neighbors Network", Sector.COMMUNITY_MEMBERS, Regime.COMMUNITY
    ),
    # The neighbouring county, home of the outsider.
    AgencySpec(
        "lakeside_coordination",
        "Lakeside Family Justice Alliance",
        Sector.COORDINATION,
        Regime.COORDINATING,
    ),
    AgencySpec(
        "lakeside_police",
        "Lakeside County Police Department",
        Sector.LAW_ENFORCEMENT,
        Regime.CRIMINAL_JUSTICE,
    ),
    AgencySpec("lakeside_shelter", "Lakeside Women's Shelter", Sector.ADVOCACY, Regime.VSP),
)

# The CCR deliberately has no health-care member (hospital, mental health, public
# health): the coverage analysis of the demo has a sector gap to show.
CCR_MEMBERS = (
    "coordination",
    "vsp",
    "police",
    "sheriff",
    "prosecutor",
    "court",
    "probation",
    "bip",
    "child_welfare",
    "human_services",
    "housing",
    "schools",
    "university",
    "faith",
    "latina",
    "tribal",
    "deaf",
    "lgbtq",
    "black_families",
    "immigrant",
    "legal_aid",
    "survivors",
    "neighbors",
)

COLLABORATIVES: tuple[CollaborativeSpec, ...] = (
    CollaborativeSpec(
        "ccr",
        "Riverbend County Coordinated Community Response",
        CollaborativeKind.CCR,
        COUNTY,
        "Every agency in Riverbend County responds to domestic violence so that "
        "survivors are safer and those who harm them are held accountable.",
        # No member agency is specific to Asian American communities: a
        # representation gap for the demo's coverage page.
        (
            "Latino",
            "Deaf",
            "LGBTQ",
            "Indigenous",
            "African American",
            "Immigrant",
            "Asian American",
        ),
        CCR_MEMBERS,
    ),
    CollaborativeSpec(
        "sart",
        "Riverbend County Sexual Assault Response Team",
        CollaborativeKind.SART,
        COUNTY,
        "A victim-centred, coordinated response to sexual assault across the county.",
        ("Latino", "Indigenous"),
        (
            "coordination",
            "vsp",
            "police",
            "sheriff",
            "prosecutor",
            "hospital",
            "mental_health",
            "university",
            "cac",
            "latina",
            "tribal",
        ),
    ),
    CollaborativeSpec(
        "marac",
        "Riverbend High-Risk Team",
        CollaborativeKind.MARAC,
        COUNTY,
        "Multi-agency safety planning for survivors at the highest risk of serious harm.",
        ("Latino", "Indigenous"),
        (
            "coordination",
            "vsp",
            "police",
            "prosecutor",
            "probation",
            "bip",
            "child_welfare",
            "housing",
            "mental_health",
            "latina",
            "tribal",
        ),
    ),
    CollaborativeSpec(
        "death_review",
        "Riverbend County Domestic Violence Fatality Review Panel",
        CollaborativeKind.DEATH_REVIEW,
        COUNTY,
        "Learning from domestic violence deaths to prevent the next one.",
        (),
        (
            "coordination",
            "vsp",
            "police",
            "sheriff",
            "prosecutor",
            "court",
            "probation",
            "hospital",
            "medical_examiner",
            "child_welfare",
        ),
    ),
    CollaborativeSpec(
        "neighbour_ccr",
        "Lakeside County Coordinated Community Response",
        CollaborativeKind.CCR,
        NEIGHBOUR_COUNTY,
        "Lakeside County's partners working together against domestic violence.",
        (),
        ("lakeside_coordination", "lakeside_police", "lakeside_shelter"),
    ),
)

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


# ---------------------------------------------------------------------------
# Building it
# ---------------------------------------------------------------------------


@dataclass
class County:
    """What `build_county` created, by key."""

    collaboratives: dict[str, Collaborative]
    agencies: dict[str, Agency]
    units: dict[tuple[str, str], Unit]  # (agency key, unit name)
    users: dict[str, User]  # persona key → user
    members: list[User] = field(default_factory=list)  # ordinary members


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


@transaction.atomic
def build_county(*, minimal: bool = False) -> County:
    """Create the demo county. `minimal` skips the ordinary members (for tests).

    Every agency is created either way: coverage analysis needs every sector.
    """
    agency_rows = Agency.objects.bulk_create(
        Agency(
            name=spec.name,
            short_code=spec.key.replace("_", "-"),
            sector=spec.sector,
            regime=spec.regime,
            communities=list(spec.communities),
        )
        for spec in AGENCIES
    )
    agency_by_key = {spec.key: row for spec, row in zip(AGENCIES, agency_rows, strict=True)}

    unit_keys = [(spec.key, name) for spec in AGENCIES for name in spec.units]
    unit_rows = Unit.objects.bulk_create(
        Unit(agency=agency_by_key[akey], name=name) for akey, name in unit_keys
    )
    units = dict(zip(unit_keys, unit_rows, strict=True))

    collab_rows = Collaborative.objects.bulk_create(
        Collaborative(
            name=spec.name,
            kind=spec.kind,
            area=spec.area,
            mission=spec.mission,
            communities_served=list(spec.communities_served),
        )
        for spec in COLLABORATIVES
    )
    collab_by_key = {spec.key: row for spec, row in zip(COLLABORATIVES, collab_rows, strict=True)}
    AgencyMembership.objects.bulk_create(
        AgencyMembership(collaborative=collab_by_key[spec.key], agency=agency_by_key[key])
        for spec in COLLABORATIVES
        for key in spec.members
    )

    persona_rows = User.objects.bulk_create(
        User(
            email=p.email,
            full_name=p.full_name,
            password=make_password(p.password),
            agency=agency_by_key[p.agency],
            unit=units.get((p.agency, p.unit)) if p.unit else None,
        )
        for p in PERSONAS
    )
    users = dict(zip(PERSONA_KEYS, persona_rows, strict=True))
    activate_totp((users[p.key], p.totp_secret) for p in PERSONAS)

    coordinator = users["coordinator"]
    representatives = [
        Representative(
            collaborative=collab_by_key[ckey],
            user=users[p.key],
            role=role,
            granted_by=None if p.key in {"coordinator", "outsider"} else coordinator,
        )
        for p in PERSONAS
        for ckey, role in p.roles
    ]

    members: list[User] = []
    if not minimal:
        members = User.objects.bulk_create(
            User(
                email=email_for(name, akey),
                full_name=name,
                password=NO_LOGIN_PASSWORD,
                agency=agency_by_key[akey],
                unit=units.get((akey, unit)) if unit else None,
            )
            for akey, name, unit in EXTRA_MEMBERS
        )
        member_of = _collaboratives_of_agencies()
        for (akey, _name, _unit), user in zip(EXTRA_MEMBERS, members, strict=True):
            representatives.extend(
                Representative(
                    collaborative=collab_by_key[ckey],
                    user=user,
                    role=Role.MEMBER,
                    granted_by=users["outsider"] if ckey == "neighbour_ccr" else coordinator,
                )
                for ckey in member_of.get(akey, ())
            )
    Representative.objects.bulk_create(representatives)
    return County(
        collaboratives=collab_by_key,
        agencies=agency_by_key,
        units=units,
        users=users,
        members=members,
    )


def _collaboratives_of_agencies() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for spec in COLLABORATIVES:
        for akey in spec.members:
            result.setdefault(akey, []).append(spec.key)
    return result


# ---------------------------------------------------------------------------
# Reading the personas back (demo_personas)
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Synthetic data at scale (generate_synthetic)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticScale:
    """How much to make for a given number of cases.

    A county CCR sees on the order of 2,000 domestic-violence cases a year, so one
    collaborative per 2,000 cases; each with a dozen agencies of a few people.
    """

    cases: int
    collaboratives: int
    agencies_per_collaborative: int = 12
    users_per_agency: int = 4

    @classmethod
    def for_cases(cls, cases: int) -> "SyntheticScale":
        return cls(cases=cases, collaboratives=max(1, -(-cases // 2000)))


@dataclass
class SyntheticContext:
    """Shared state between parts: what earlier parts made, and the counts to print."""

    seed: int
    # Integer keys of created rows by kind, e.g. "collaborative", "agency", "user",
    # plus mappings later parts need ("agencies_by_collaborative", …).
    ids: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add_count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n


DemoPart = Callable[[County], None]

# What other apps add to the demo county (cases, meetings, …): functions registered
# with `@demo_part` in a `demo` module of their app, run by `seed_demo` after the
# county is built, in INSTALLED_APPS order.
DEMO_PARTS: list[DemoPart] = []


def demo_part(fn: DemoPart) -> DemoPart:
    if fn not in DEMO_PARTS:
        DEMO_PARTS.append(fn)
    return fn


SyntheticPart = Callable[[random.Random, SyntheticScale, SyntheticContext], None]

# The generator parts, run in order by `generate_synthetic`. This module registers
# the partners part; other apps add theirs from a `synthetic` module (discovered by
# the command) with `@synthetic_part`, and run after it in INSTALLED_APPS order.
SYNTHETIC_PARTS: list[SyntheticPart] = []


def synthetic_part(fn: SyntheticPart) -> SyntheticPart:
    if fn not in SYNTHETIC_PARTS:
        SYNTHETIC_PARTS.append(fn)
    return fn


SYNTHETIC_BATCH = 1000
_SYLLABLES = ("ash", "bel", "cor", "dun", "elm", "fair", "glen", "har", "iv", "kel", "lin")
_PLACE_ENDINGS = ("ford", "field", "wood", "mere", "ton", "brook", "dale", "port", "ridge")
_FIRST = (
    "Alex",
    "Amara",
    "Ben",
    "Carla",
    "Chen",
    "Dario",
    "Elena",
    "Farah",
    "Gabe",
    "Hana",
    "Ivan",
    "Jada",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Paula",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zoe",
)
_LAST = (
    "Abbott",
    "Baker",
    "Chavez",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Ortega",
    "Patel",
    "Quist",
    "Rossi",
    "Singh",
    "Tran",
    "Ueda",
    "Vargas",
    "Walsh",
    "Xu",
    "Young",
    "Zamora",
)
# Sectors a synthetic collaborative draws its agencies from, coordinating agency first.
_SYNTHETIC_SECTORS: tuple[tuple[str, str, str], ...] = (
    (Sector.COORDINATION, Regime.COORDINATING, "Family Safety Partnership"),
    (Sector.ADVOCACY, Regime.VSP, "Safe Harbor"),
    (Sector.LAW_ENFORCEMENT, Regime.CRIMINAL_JUSTICE, "Police Department"),
    (Sector.LAW_ENFORCEMENT, Regime.CRIMINAL_JUSTICE, "Sheriff's Office"),
    (Sector.PROSECUTION, Regime.CRIMINAL_JUSTICE, "Prosecutor's Office"),
    (Sector.COURTS, Regime.CRIMINAL_JUSTICE, "District Court"),
    (Sector.PROBATION, Regime.CRIMINAL_JUSTICE, "Probation Department"),
    (Sector.BIP, Regime.COMMUNITY, "Intervention Program"),
    (Sector.HEALTH, Regime.HEALTH, "Regional Hospital"),
    (Sector.CHILD_WELFARE, Regime.CHILD_WELFARE, "Children and Family Services"),
    (Sector.HOUSING, Regime.COMMUNITY, "Housing Authority"),
    (Sector.CULTURALLY_SPECIFIC, Regime.VSP, "Community Alliance"),
    (Sector.MENTAL_HEALTH, Regime.HEALTH, "Behavioral Health"),
    (Sector.SCHOOLS, Regime.COMMUNITY, "School District"),
    (Sector.FAITH, Regime.COMMUNITY, "Interfaith Council"),
    (Sector.LEGAL, Regime.COMMUNITY, "Legal Aid"),
)
_COMMUNITIES = ("Latino", "African American", "Indigenous", "Immigrant", "LGBTQ", "Deaf")


def _place_name(rng: random.Random) -> str:
    return (rng.choice(_SYLLABLES) + rng.choice(_PLACE_ENDINGS)).capitalize()


@synthetic_part
def synthetic_partners(rng: random.Random, scale: SyntheticScale, ctx: SyntheticContext) -> None:
    """Collaboratives (CCR teams), their agencies, memberships, people and roles."""
    tag = f"s{ctx.seed}"
    places = [f"{_place_name(rng)} County {i + 1}" for i in range(scale.collaboratives)]
    collaboratives = Collaborative.objects.bulk_create(
        (
            Collaborative(
                name=f"{place} Coordinated Community Response",
                kind=CollaborativeKind.CCR,
                area=place,
                communities_served=rng.sample(_COMMUNITIES, k=rng.randint(1, 3)),
            )
            for place in places
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    n_agencies = min(scale.agencies_per_collaborative, len(_SYNTHETIC_SECTORS))
    agency_specs = [
        (ci, _SYNTHETIC_SECTORS[ai])
        for ci in range(len(collaboratives))
        for ai in range(n_agencies)
    ]
    agencies = Agency.objects.bulk_create(
        (
            Agency(
                name=f"{places[ci].rsplit(' County', 1)[0]} {label}",
                short_code=f"{tag}-{ci}-{n}",
                sector=sector,
                regime=regime,
                communities=[rng.choice(_COMMUNITIES)]
                if sector == Sector.CULTURALLY_SPECIFIC
                else [],
            )
            for n, (ci, (sector, regime, label)) in enumerate(agency_specs)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    AgencyMembership.objects.bulk_create(
        (
            AgencyMembership(collaborative=collaboratives[ci], agency=agency)
            for (ci, _), agency in zip(agency_specs, agencies, strict=True)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    user_specs: list[tuple[int, Agency, str]] = []  # (collaborative index, agency, role)
    for (ci, (sector, _, _)), agency in zip(agency_specs, agencies, strict=True):
        for k in range(scale.users_per_agency):
            role: str = Role.MEMBER
            if k == 0 and sector == Sector.COORDINATION:
                role = Role.COORDINATOR
            elif k == 0:
                role = Role.AGENCY_ADMIN
            elif sector == Sector.ADVOCACY:
                role = Role.ADVOCATE
            user_specs.append((ci, agency, role))
    users = User.objects.bulk_create(
        (
            User(
                email=f"{tag}.user{n}@synthetic.example",
                full_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                password=NO_LOGIN_PASSWORD,
                agency=agency,
            )
            for n, (_, agency, _) in enumerate(user_specs)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    Representative.objects.bulk_create(
        (
            Representative(collaborative=collaboratives[ci], user=user, role=role)
            for (ci, _, role), user in zip(user_specs, users, strict=True)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    ctx.ids["collaborative"] = [c.pk for c in collaboratives]
    ctx.ids["agency"] = [a.pk for a in agencies]
    ctx.ids["user"] = [u.pk for u in users]
    by_collaborative: dict[int, list[int]] = {c.pk: [] for c in collaboratives}
    for (ci, _), agency in zip(agency_specs, agencies, strict=True):
        by_collaborative[collaboratives[ci].pk].append(agency.pk)
    ctx.ids["agencies_by_collaborative"] = by_collaborative
    ctx.add_count("collaboratives", len(collaboratives))
    ctx.add_count("agencies", len(agencies))
    ctx.add_count("memberships", len(agencies))
    ctx.add_count("users", len(users))
    ctx.add_count("representatives", len(users))


def synthetic_tag_exists(seed: int) -> bool:
    return Agency.objects.filter(short_code__startswith=f"s{seed}-").exists()


@transaction.atomic
def generate_synthetic(cases: int, seed: int) -> SyntheticContext:
    """Run every registered part with one seeded generator; deterministic by seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    scale = SyntheticScale.for_cases(cases)
    ctx = SyntheticContext(seed=seed)
    for part in list(SYNTHETIC_PARTS):
        part(rng, scale, ctx)
    return ctx
