"""The demo county's resource directory: ten services of Riverbend County.

Among them a shelter at a confidential location with a 24-hour hotline, a
Spanish-language service, culturally-specific and community-based supports. Rows are
created directly, as the rest of the demo is (an operations script, not audited).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from ccrhub.directory.models import (
    Location,
    Organization,
    Phone,
    PhoneType,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from ccrhub.partners.demo import County, demo_part

AREA = "Riverbend County"

NEEDS = (
    # code, English, Spanish
    ("shelter", "Emergency shelter", "Refugio de emergencia"),
    ("hotline", "Someone to talk to, any time", "Alguien con quien hablar, a cualquier hora"),
    ("advocacy", "Advocacy and safety planning", "Apoyo y plan de seguridad"),
    ("legal", "Legal help and protection orders", "Ayuda legal y órdenes de protección"),
    ("counselling", "Counselling and support groups", "Consejería y grupos de apoyo"),
    ("medical", "Medical care after an assault", "Atención médica después de una agresión"),
    ("housing", "Housing", "Vivienda"),
    ("immigration", "Immigration help", "Ayuda con inmigración"),
)


@dataclass(frozen=True)
class DemoService:
    key: str
    organization: str  # key in ORGANIZATIONS
    name: str
    description: str
    needs: tuple[str, ...]
    phones: tuple[tuple[str, str, str], ...]  # number, type, description
    languages: tuple[str, ...] = ("en",)
    is_24_7: bool = False
    weekday_hours: tuple[str, str] | None = ("09:00", "17:00")
    location: str = ""  # key in LOCATIONS
    extra: dict[str, Any] = field(default_factory=dict)


# key: (agency key or "", name, description)
ORGANIZATIONS = {
    "safe_harbor": ("vsp", "Riverbend Safe Harbor", "Shelter, advocacy and a 24-hour hotline."),
    "casa_luz": ("latina", "Casa Luz Latina Alliance", "Apoyo para familias latinas."),
    "red_cedar": ("tribal", "Red Cedar Native Women's Circle", "Support by and for Native women."),
    "legal_aid": ("legal_aid", "Riverbend Legal Aid Society", "Free civil legal help."),
    "hospital": ("hospital", "Riverbend General Hospital", "Forensic nurse examiners (SANE)."),
    "neighbors": ("neighbors", "Riverbend Neighbors Network", "Neighbours supporting neighbours."),
    "pride": ("lgbtq", "Riverbend Pride Community Center", "LGBTQ community support."),
}

# key: (organization key, name, confidential, address, city, postcode, lat, lon)
LOCATIONS = {
    "shelter": ("safe_harbor", "Safe Harbor shelter", True, "", "", "", None, None),
    "harbor_office": (
        "safe_harbor",
        "Safe Harbor advocacy office",
        False,
        "120 Main Street",
        "Riverbend",
        "55001",
        "44.9512",
        "-93.0910",
    ),
    "casa_luz": (
        "casa_luz",
        "Casa Luz",
        False,
        "45 Water Street",
        "Riverbend",
        "55002",
        "44.9480",
        "-93.0975",
    ),
    "legal_aid": (
        "legal_aid",
        "Legal Aid office",
        False,
        "300 Court Avenue",
        "Riverbend",
        "55001",
        None,
        None,
    ),
    "hospital": (
        "hospital",
        "Riverbend General Hospital, emergency department",
        False,
        "900 Hospital Drive",
        "Riverbend",
        "55003",
        "44.9601",
        "-93.1002",
    ),
}

SERVICES = (
    DemoService(
        "shelter",
        "safe_harbor",
        "Safe Harbor emergency shelter",
        "A safe place to stay for you and your children. Call the hotline for the location.",
        ("shelter", "hotline"),
        (("555-0100", PhoneType.VOICE, "24-hour hotline"), ("555-0101", PhoneType.TEXT, "Text")),
        languages=("en", "es"),
        is_24_7=True,
        weekday_hours=None,
        location="shelter",
        extra={"accepts_children": True, "accepts_pets": True, "places_available": 3},
    ),
    DemoService(
        "hotline",
        "safe_harbor",
        "Safe Harbor 24-hour hotline",
        "Talk to an advocate day or night; free and confidential.",
        ("hotline",),
        (("555-0100", PhoneType.VOICE, "24-hour hotline"),),
        languages=("en", "es"),
        is_24_7=True,
        weekday_hours=None,
    ),
    DemoService(
        "advocacy",
        "safe_harbor",
        "Court and safety-planning advocacy",
        "An advocate helps you plan for safety and goes to court with you.",
        ("advocacy", "legal"),
        (("555-0102", PhoneType.VOICE, ""),),
        location="harbor_office",
    ),
    DemoService(
        "casa_luz",
        "casa_luz",
        "Apoyo para sobrevivientes — Casa Luz",
        "Consejería, grupos de apoyo y acompañamiento en español.",
        ("advocacy", "counselling", "immigration"),
        (("555-0110", PhoneType.VOICE, "En español"),),
        languages=("es",),
        location="casa_luz",
        extra={"culturally_specific": True, "communities_served": "Latina/o, inmigrantes"},
    ),
    DemoService(
        "red_cedar",
        "red_cedar",
        "Red Cedar talking circle",
        "A weekly support circle for Native women, led by Native women.",
        ("counselling",),
        (("555-0120", PhoneType.VOICE, ""),),
        weekday_hours=("18:00", "20:00"),
        extra={
            "culturally_specific": True,
            "community_based": True,
            "communities_served": "Native American and Alaska Native women",
            "gender_served": "women",
        },
    ),
    DemoService(
        "legal_aid",
        "legal_aid",
        "Protection order clinic",
        "Free help asking the court for a protection order.",
        ("legal",),
        (("555-0130", PhoneType.VOICE, ""),),
        languages=("en", "es"),
        location="legal_aid",
    ),
    DemoService(
        "sane",
        "hospital",
        "Sexual assault nurse examiners",
        "Medical care and evidence collection after a sexual assault, at any hour.",
        ("medical",),
        (("555-0140", PhoneType.VOICE, "Ask for the SANE nurse"),),
        is_24_7=True,
        weekday_hours=None,
        location="hospital",
    ),
    DemoService(
        "neighbors",
        "neighbors",
        "Neighbor to neighbor support",
        "Trained neighbours who listen and help you find what you need.",
        ("advocacy",),
        (("555-0150", PhoneType.VOICE, ""),),
        extra={"community_based": True},
    ),
    DemoService(
        "faith",
        "neighbors",
        "Interfaith safe congregations",
        "Faith leaders trained to respond to abuse, in congregations across the county.",
        ("counselling",),
        (("555-0151", PhoneType.VOICE, ""),),
        extra={"community_based": True, "faith_based": True},
    ),
    DemoService(
        "pride",
        "pride",
        "LGBTQ survivor support group",
        "A peer group for LGBTQ survivors of partner abuse.",
        ("counselling",),
        (("555-0160", PhoneType.VOICE, ""),),
        weekday_hours=("17:00", "21:00"),
        extra={
            "culturally_specific": True,
            "community_based": True,
            "communities_served": "LGBTQ",
        },
    ),
)


def build_needs_taxonomy() -> dict[str, TaxonomyTerm]:
    taxonomy = Taxonomy.objects.create(
        name="CCR Hub needs",
        description="What people affected by domestic or sexual violence look for.",
        version="1",
    )
    return {
        code: TaxonomyTerm.objects.create(
            taxonomy=taxonomy, code=code, name=name, name_es=name_es, description=name
        )
        for code, name, name_es in NEEDS
    }


def build_directory(county: County, *, verified_on: datetime.date | None = None) -> dict[str, Any]:
    """The demo directory; returns the created rows by key (services, locations, …)."""
    collaborative = county.collaboratives["ccr"]
    terms = build_needs_taxonomy()
    organizations = {
        key: Organization.objects.create(
            collaborative=collaborative,
            agency=county.agencies.get(agency_key),
            name=name,
            description=description,
        )
        for key, (agency_key, name, description) in ORGANIZATIONS.items()
    }
    locations = {
        key: Location.objects.create(
            organization=organizations[org],
            name=name,
            is_confidential=confidential,
            address_1=address,
            city=city,
            state_province="MN" if city else "",
            postal_code=postcode,
            latitude=lat,
            longitude=lon,
        )
        for key, (org, name, confidential, address, city, postcode, lat, lon) in LOCATIONS.items()
    }
    services = {
        spec.key: _build_service(spec, organizations, locations, terms, verified_on)
        for spec in SERVICES
    }
    return {
        "organizations": organizations,
        "locations": locations,
        "services": services,
        "terms": terms,
    }


def _build_service(
    spec: DemoService,
    organizations: dict[str, Organization],
    locations: dict[str, Location],
    terms: dict[str, TaxonomyTerm],
    verified_on: datetime.date | None,
) -> Service:
    service = Service.objects.create(
        organization=organizations[spec.organization],
        name=spec.name,
        description=spec.description,
        is_24_7=spec.is_24_7,
        assured_date=verified_on,
        **spec.extra,
    )
    service.taxonomy_terms.set([terms[n] for n in spec.needs])
    Phone.objects.bulk_create(
        Phone(service=service, number=n, type=t, description=d) for n, t, d in spec.phones
    )
    ServiceLanguage.objects.bulk_create(
        ServiceLanguage(service=service, code=c) for c in spec.languages
    )
    ServiceArea.objects.create(service=service, name=AREA)
    if spec.weekday_hours:
        opens, closes = (datetime.time.fromisoformat(t) for t in spec.weekday_hours)
        Schedule.objects.bulk_create(
            Schedule(service=service, weekday=d, opens_at=opens, closes_at=closes) for d in range(5)
        )
    if spec.location:
        ServiceAtLocation.objects.create(service=service, location=locations[spec.location])
    return service


@demo_part
def seed_demo_directory(county: County) -> None:
    build_directory(county, verified_on=datetime.date.today() - datetime.timedelta(days=30))
