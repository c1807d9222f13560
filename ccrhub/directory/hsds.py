"""The directory as Open Referral HSDS 3.0 JSON.

Shapes follow the HSDS 3.0 schemas (copied under `schema/`, CC BY-SA 4.0, Open
Referral): a list item holds a record's one-to-one fields, a full record nests its
related rows. Empty values are left out rather than sent as null or "": the schemas
type fields as strings or numbers, never null.

Confidentiality is enforced by what is handed in (see `queries`): a confidential
location, its address, its coordinates and any service_at_location pointing to it
never reach these functions from a public query, and `location_full` refuses one in
any case. Ids the model has no row for (the 24/7 schedule, a free cost option,
attributes) are derived with uuid5, so they are stable from one request to the next.
"""

import math
import uuid
from datetime import datetime
from typing import Any

from ccrhub.directory.models import (
    ICAL_DAYS,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_VERSION = "3.0"
# The namespace of ids derived from a row's UUID and a name.
DERIVED = uuid.UUID("0b6b3f4e-5d0b-4b8a-9a39-7c1d2f5e8a10")
# Features of a service the standard has no field for, published as HSDS attributes.
FEATURES = (
    "culturally_specific",
    "faith_based",
    "community_based",
    "accepts_children",
    "accepts_pets",
    "any_immigration_status",
    "accepting_referrals",
)
EVERY_DAY = ",".join(ICAL_DAYS)
# Disability access has no HSDS field: it follows the eligibility text, so marked.
DISABILITY_ACCESS = "Disability access: "


def derived_id(owner: uuid.UUID, name: str) -> str:
    return str(uuid.uuid5(DERIVED, f"{owner}:{name}"))


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != ""}


def _timestamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# Taxonomies --------------------------------------------------------------------------


def taxonomy(record: Taxonomy) -> dict[str, Any]:
    return _compact(
        {
            "id": str(record.public_id),
            "name": record.name,
            "description": record.description,
            "uri": record.uri,
            "version": record.version,
        }
    )


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return _compact(
        {
            "id": str(term.public_id),
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": str(term.parent.public_id) if term.parent_id and term.parent else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.public_id),
            "language": "en",
        }
    )


# Organisations -------------------------------------------------------------------------


def organization_item(organization: Organization) -> dict[str, Any]:
    return _compact(
        {
            "id": str(organization.public_id),
            "name": organization.name,
            "alternate_name": organization.alternate_name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
        }
    )


def organization_full(organization: Organization) -> dict[str, Any]:
    """Needs `public_locations` and `published_services` prefetched (queries)."""
    return {
        **organization_item(organization),
        "funding": [],
        "contacts": [],
        "phones": [],
        "locations": [location_full(loc) for loc in organization.public_locations],  # type: ignore[attr-defined]
        "programs": [],
        "organization_identifiers": [],
        "attributes": [],
        "metadata": [],
        "services": [service_full(s) for s in organization.published_services],  # type: ignore[attr-defined]
    }


# Locations ----------------------------------------------------------------------------


def location_item(location: Location) -> dict[str, Any]:
    if location.is_confidential:
        raise ValueError("A confidential location is never published.")
    return _compact(
        {
            "id": str(location.public_id),
            "location_type": "physical",
            "organization_id": str(location.organization.public_id),
            "name": location.name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": _number(location.latitude),
            "longitude": _number(location.longitude),
        }
    )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def location_full(location: Location) -> dict[str, Any]:
    addresses = []
    if location.address_1 and location.city and location.postal_code:
        addresses.append(
            {
                "id": str(location.address_id),
                "location_id": str(location.public_id),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": location.state_province or location.city,
                "postal_code": location.postal_code,
                "country": location.country,
                "address_type": "physical",
                "attributes": [],
                "metadata": [],
            }
        )
    accessibility = []
    if location.accessibility:
        accessibility.append(
            {
                "id": derived_id(location.public_id, "accessibility"),
                "location_id": str(location.public_id),
                "description": location.accessibility,
                "attributes": [],
                "metadata": [],
            }
        )
    return {
        **location_item(location),
        "languages": [],
        "addresses": addresses,
        "contacts": [],
        "accessibility": accessibility,
        "phones": [],
        "schedules": [],
        "attributes": [],
        "metadata": [],
    }


# Services -----------------------------------------------------------------------------


def service_item(service: Service) -> dict[str, Any]:
    """One-to-one fields, with the organisation nested (service_list.json)."""
    return _compact(
        {
            "id": str(service.public_id),
            "organization_id": str(service.organization.public_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": service.interpretation_services,
            "application_process": service.application_process,
            "fees_description": service.fees_description,
            "eligibility_description": _eligibility(service),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "alert": service.alert,
            "last_modified": _timestamp(service.updated_at),
            "organization": organization_item(service.organization),
        }
    )


def _eligibility(service: Service) -> str:
    parts = [service.eligibility_description]
    if service.disability_access:
        parts.append(f"{DISABILITY_ACCESS}{service.disability_access}")
    return " ".join(p for p in parts if p)


def phone(record: Phone, service: Service) -> dict[str, Any]:
    return _compact(
        {
            "id": str(record.public_id),
            "service_id": str(service.public_id),
            "number": record.number,
            "extension": record.extension,
            "type": record.type,
            "description": record.description,
            "languages": [],
            "attributes": [],
            "metadata": [],
        }
    )


def schedule(record: Schedule, service: Service) -> dict[str, Any]:
    return {
        "id": str(record.public_id),
        "service_id": str(service.public_id),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": ICAL_DAYS[record.weekday],
        "opens_at": record.opens_at.strftime("%H:%M"),
        "closes_at": record.closes_at.strftime("%H:%M"),
        "attributes": [],
        "metadata": [],
    }


def around_the_clock(service: Service) -> dict[str, Any]:
    return {
        "id": derived_id(service.public_id, "24/7"),
        "service_id": str(service.public_id),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": EVERY_DAY,
        "opens_at": "00:00",
        "closes_at": "23:59",
        "description": "Open 24 hours a day, 7 days a week.",
        "attributes": [],
        "metadata": [],
    }


def language(record: ServiceLanguage, service: Service) -> dict[str, Any]:
    return {
        "id": str(record.public_id),
        "service_id": str(service.public_id),
        "name": record.name,
        "code": record.code,
        "attributes": [],
        "metadata": [],
    }


def service_area(record: ServiceArea, service: Service) -> dict[str, Any]:
    return {
        "id": str(record.public_id),
        "service_id": str(service.public_id),
        "name": record.name,
        "attributes": [],
        "metadata": [],
    }


def cost_options(service: Service) -> list[dict[str, Any]]:
    if not service.is_free:
        return []
    return [
        {
            "id": derived_id(service.public_id, "free"),
            "service_id": str(service.public_id),
            "option": "Free",
            "amount": 0,
            "attributes": [],
            "metadata": [],
        }
    ]


def attributes(service: Service) -> list[dict[str, Any]]:
    """Needs as taxonomy-term attributes; the directory's own features besides."""
    needs: list[dict[str, Any]] = [
        {
            "id": derived_id(service.public_id, f"term:{term.public_id}"),
            "link_id": str(service.public_id),
            "link_type": "service_type",
            "link_entity": "service",
            "taxonomy_term_id": str(term.public_id),
            "taxonomy_term": taxonomy_term(term),
            "metadata": [],
        }
        for term in service.taxonomy_terms.all()
    ]
    features: list[dict[str, Any]] = [
        {
            "id": derived_id(service.public_id, name),
            "link_id": str(service.public_id),
            "link_type": f"ccrhub:{name}",
            "link_entity": "service",
            "value": "true" if getattr(service, name) else "false",
            "metadata": [],
        }
        for name in FEATURES
    ]
    return needs + features


def service_at_location_item(record: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": str(record.public_id),
        "service_id": str(record.service.public_id),
        "location_id": str(record.location.public_id),
        **({"description": record.description} if record.description else {}),
        "location": location_item(record.location),
        "service": service_item(record.service),
    }


def _service_at_location_in_service(record: ServiceAtLocation, service: Service) -> dict[str, Any]:
    return {
        "id": str(record.public_id),
        "service_id": str(service.public_id),
        "location_id": str(record.location.public_id),
        **({"description": record.description} if record.description else {}),
        "contacts": [],
        "phones": [],
        "schedules": [],
        "location": location_full(record.location),
        "attributes": [],
        "metadata": [],
    }


def service_full(service: Service) -> dict[str, Any]:
    """Needs `queries.public_services()` prefetches (`public_at_locations` above all)."""
    schedules = [schedule(s, service) for s in service.schedules.all()]
    if service.is_24_7:
        schedules = [around_the_clock(service)]
    return {
        **service_item(service),
        "phones": [phone(p, service) for p in service.phones.all()],
        "schedules": schedules,
        "service_areas": [service_area(a, service) for a in service.areas.all()],
        "service_at_locations": [
            _service_at_location_in_service(sal, service)
            for sal in service.public_at_locations  # type: ignore[attr-defined]
        ],
        "languages": [language(lang, service) for lang in service.languages.all()],
        "funding": [],
        "cost_options": cost_options(service),
        "required_documents": [],
        "contacts": [],
        "attributes": attributes(service),
        "metadata": [],
    }


def service_at_location_full(record: ServiceAtLocation, service: dict[str, Any]) -> dict[str, Any]:
    """`service` is the service's full record (fetched through the public queries)."""
    return {
        **service_at_location_item(record),
        "contacts": [],
        "phones": [],
        "schedules": [],
        "location": location_full(record.location),
        "attributes": [],
        "metadata": [],
        "service": service,
    }
