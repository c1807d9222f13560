"""The demo county.

`build_county()` creates Riverbend County (fictional): its CCR, SART, high-risk team
and death-review panel, the agencies that belong to them, and one person for each
persona of the test suite (`ccrhub.accounts.demo`), plus the neighbouring Lakeside
County CCR for the outsider. `seed_demo` loads it for `make run`, then runs what
every other app adds to it (their `demo` modules, registered with `@demo_part`);
the test suite's `personas` fixture builds the same county with `minimal=True` (no
extra members), so the demo and the tests tell the same stories.

Building demo data is an operations script, not a user action: rows are created
directly (bulk where possible) and nothing is audited.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from ccrhub.accounts.demo import EXTRA_MEMBERS, PERSONAS, create_members, create_personas
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


@transaction.atomic
def build_county(*, minimal: bool = False) -> County:
    """Create the demo county. `minimal` skips the ordinary members (for tests).

    Every agency is created either way: coverage analysis needs every sector.
    """
    agencies, units = _create_agencies()
    collaboratives = _create_collaboratives(agencies)
    users = create_personas(agencies, units)
    members = [] if minimal else create_members(agencies, units)
    Representative.objects.bulk_create(
        [*_persona_roles(users, collaboratives), *_member_roles(members, users, collaboratives)]
    )
    return County(
        collaboratives=collaboratives,
        agencies=agencies,
        units=units,
        users=users,
        members=members,
    )


def _create_agencies() -> tuple[dict[str, Agency], dict[tuple[str, str], Unit]]:
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
    return agency_by_key, dict(zip(unit_keys, unit_rows, strict=True))


def _create_collaboratives(agencies: dict[str, Agency]) -> dict[str, Collaborative]:
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
        AgencyMembership(collaborative=collab_by_key[spec.key], agency=agencies[key])
        for spec in COLLABORATIVES
        for key in spec.members
    )
    return collab_by_key


def _persona_roles(
    users: dict[str, User], collaboratives: dict[str, Collaborative]
) -> list[Representative]:
    # The coordinator granted every role but the coordinators' own.
    return [
        Representative(
            collaborative=collaboratives[ckey],
            user=users[p.key],
            role=role,
            granted_by=None if p.key in {"coordinator", "outsider"} else users["coordinator"],
        )
        for p in PERSONAS
        for ckey, role in p.roles
    ]


def _member_roles(
    members: list[User], users: dict[str, User], collaboratives: dict[str, Collaborative]
) -> list[Representative]:
    """Each ordinary member is a member of every collaborative their agency belongs to."""
    if not members:
        return []
    member_of = _collaboratives_of_agencies()
    return [
        Representative(
            collaborative=collaboratives[ckey],
            user=user,
            role=Role.MEMBER,
            granted_by=users["outsider"] if ckey == "neighbour_ccr" else users["coordinator"],
        )
        for (akey, _name, _unit), user in zip(EXTRA_MEMBERS, members, strict=True)
        for ckey in member_of.get(akey, ())
    ]


def _collaboratives_of_agencies() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for spec in COLLABORATIVES:
        for akey in spec.members:
            result.setdefault(akey, []).append(spec.key)
    return result


DemoPart = Callable[[County], None]

# What other apps add to the demo county (cases, meetings, …): functions registered
# with `@demo_part` in a `demo` module of their app, run by `seed_demo` after the
# county is built, in INSTALLED_APPS order.
DEMO_PARTS: list[DemoPart] = []


def demo_part(fn: DemoPart) -> DemoPart:
    if fn not in DEMO_PARTS:
        DEMO_PARTS.append(fn)
    return fn
