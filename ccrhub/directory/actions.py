"""Every change to the directory, audited in the same transaction.

The permission is checked here again, from a fresh read of the actor's role, so a
management command or an API cannot skip it. Audit details carry field names and
counts only, never the entry's text.
"""

from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit import log as audit
from ccrhub.directory.access import MANAGE
from ccrhub.directory.models import (
    LANGUAGES,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Representative
from ccrhub.partners.roles import role_can

ORGANIZATION_FIELDS = ("name", "alternate_name", "description", "email", "website")
LOCATION_FIELDS = (
    "name",
    "description",
    "is_confidential",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "transportation",
    "accessibility",
)
SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "interpretation_services",
    "alert",
    "is_free",
    "fees_description",
    "is_24_7",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "gender_served",
    "accepts_children",
    "accepts_pets",
    "any_immigration_status",
    "disability_access",
    "culturally_specific",
    "communities_served",
    "faith_based",
    "community_based",
    "accepting_referrals",
    "places_available",
)


def _role_now(actor: User, collaborative_id: int) -> str | None:
    """The actor's role, read fresh: a cached role must not authorise a write."""
    return (
        Representative.objects.filter(
            user=actor,
            collaborative_id=collaborative_id,
            is_active=True,
            collaborative__is_active=True,
        )
        .values_list("role", flat=True)
        .first()
    )


def _require_manage(actor: User, organization: Organization) -> None:
    role = _role_now(actor, organization.collaborative_id)
    if role is None:
        raise PermissionDenied
    if role_can(role, "collaborative.manage"):
        return
    own = organization.agency_id is not None and organization.agency_id == actor.agency_id
    if not (role_can(role, MANAGE) and own):
        raise PermissionDenied


def _assign(instance: Any, values: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields that changed; their names."""
    changed = []
    for field in allowed:
        if field in values and getattr(instance, field) != values[field]:
            setattr(instance, field, values[field])
            changed.append(field)
    return changed


# Organisations -------------------------------------------------------------------


@transaction.atomic
def create_organization(
    *,
    collaborative: Collaborative,
    agency: Agency | None,
    values: Mapping[str, Any],
    actor: User,
) -> Organization:
    """A new directory organisation of the collaborative; coordinators only."""
    role = _role_now(actor, collaborative.pk)
    if role is None or not role_can(role, "collaborative.manage"):
        raise PermissionDenied
    if (
        agency is not None
        and not AgencyMembership.objects.filter(
            collaborative=collaborative, agency=agency, is_active=True
        ).exists()
    ):
        raise ValidationError({"agency": _("The agency is not a member of the collaborative.")})
    organization = Organization(collaborative=collaborative, agency=agency)
    _assign(organization, values, ORGANIZATION_FIELDS)
    organization.save()
    audit.record(actor=actor, action="directory.organization_created", target=organization)
    return organization


@transaction.atomic
def update_organization(
    organization: Organization, *, values: Mapping[str, Any], actor: User
) -> Organization:
    _require_manage(actor, organization)
    changed = _assign(organization, values, ORGANIZATION_FIELDS)
    if changed:
        organization.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="directory.organization_updated",
            target=organization,
            details={"fields": changed},
        )
    return organization


# Locations -----------------------------------------------------------------------


@transaction.atomic
def save_location(
    organization: Organization,
    *,
    location: Location | None = None,
    values: Mapping[str, Any],
    actor: User,
) -> Location:
    """Create a location of the organisation, or change one of its locations."""
    _require_manage(actor, organization)
    created = location is None
    if location is None:
        location = Location(organization=organization)
    elif location.organization_id != organization.pk:
        raise PermissionDenied
    changed = _assign(location, values, LOCATION_FIELDS)
    if created:
        location.save()
    elif changed:
        location.save(update_fields=changed)
    if created or changed:
        audit.record(
            actor=actor,
            action="directory.location_created" if created else "directory.location_updated",
            target=location,
            details={} if created else {"fields": changed},
        )
    return location


# Services ------------------------------------------------------------------------


def _check_service_values(values: Mapping[str, Any]) -> None:
    low, high = values.get("minimum_age"), values.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise ValidationError({"maximum_age": _("The maximum age is below the minimum age.")})
    unknown = set(values.get("languages") or []) - set(LANGUAGES)
    if unknown:
        raise ValidationError({"languages": _("Unknown language.")})
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if values.get("weekdays") and (opens is None or closes is None or opens >= closes):
        raise ValidationError({"closes_at": _("Give opening hours that close after they open.")})


def _set_related(service: Service, values: Mapping[str, Any]) -> list[str]:
    """Languages, areas, needs, locations, the main phone and the weekly hours."""
    changed: list[str] = []
    if "languages" in values:
        wanted = set(values["languages"])
        have = set(service.languages.values_list("code", flat=True))
        if wanted != have:
            service.languages.exclude(code__in=wanted).delete()
            ServiceLanguage.objects.bulk_create(
                ServiceLanguage(service=service, code=c) for c in sorted(wanted - have)
            )
            changed.append("languages")
    if "areas" in values:
        wanted = {a.strip()[:200] for a in values["areas"] if a.strip()}
        have = set(service.areas.values_list("name", flat=True))
        if wanted != have:
            service.areas.exclude(name__in=wanted).delete()
            ServiceArea.objects.bulk_create(
                ServiceArea(service=service, name=n) for n in sorted(wanted - have)
            )
            changed.append("areas")
    if "taxonomy_terms" in values:
        terms: list[TaxonomyTerm] = list(values["taxonomy_terms"])
        if {t.pk for t in terms} != set(service.taxonomy_terms.values_list("pk", flat=True)):
            service.taxonomy_terms.set(terms)
            changed.append("taxonomy_terms")
    if "locations" in values:
        changed += _set_locations(service, list(values["locations"]))
    if "phone_number" in values:
        changed += _set_main_phone(service, values)
    if "weekdays" in values:
        changed += _set_hours(service, values)
    return changed


def _set_locations(service: Service, locations: list[Location]) -> list[str]:
    if any(loc.organization_id != service.organization_id for loc in locations):
        raise ValidationError({"locations": _("Choose locations of the same organisation.")})
    wanted = {loc.pk for loc in locations}
    have = set(service.at_locations.values_list("location_id", flat=True))
    if wanted == have:
        return []
    service.at_locations.exclude(location_id__in=wanted).delete()
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=service, location_id=pk) for pk in sorted(wanted - have)
    )
    return ["locations"]


def _set_main_phone(service: Service, values: Mapping[str, Any]) -> list[str]:
    number = (values.get("phone_number") or "").strip()
    phone = service.phones.order_by("id").first()
    if not number:
        if phone is None:
            return []
        phone.delete()
        return ["phones"]
    wanted = {
        "number": number,
        "description": (values.get("phone_description") or "").strip(),
        "type": values.get("phone_type") or "voice",
    }
    if phone is None:
        Phone.objects.create(service=service, **wanted)
        return ["phones"]
    changed = _assign(phone, wanted, wanted)
    if changed:
        phone.save(update_fields=changed)
        return ["phones"]
    return []


def _set_hours(service: Service, values: Mapping[str, Any]) -> list[str]:
    days = sorted({int(d) for d in values.get("weekdays") or []})
    opens: time | None = values.get("opens_at")
    closes: time | None = values.get("closes_at")
    wanted = {(d, opens, closes) for d in days} if opens and closes else set()
    have = set(service.schedules.values_list("weekday", "opens_at", "closes_at"))
    if wanted == have:
        return []
    service.schedules.all().delete()
    Schedule.objects.bulk_create(
        Schedule(service=service, weekday=d, opens_at=o, closes_at=c)
        for d, o, c in sorted(wanted)
        if o is not None and c is not None
    )
    return ["schedules"]


@transaction.atomic
def create_service(
    organization: Organization, *, values: Mapping[str, Any], actor: User
) -> Service:
    _require_manage(actor, organization)
    _check_service_values(values)
    service = Service(organization=organization)
    _assign(service, values, SERVICE_FIELDS)
    service.capacity_updated_at = timezone.now()
    service.save()
    _set_related(service, values)
    audit.record(actor=actor, action="directory.service_created", target=service)
    return service


@transaction.atomic
def update_service(service: Service, *, values: Mapping[str, Any], actor: User) -> Service:
    _require_manage(actor, service.organization)
    _check_service_values(values)
    capacity_before = (service.accepting_referrals, service.places_available)
    changed = _assign(service, values, SERVICE_FIELDS)
    if (service.accepting_referrals, service.places_available) != capacity_before:
        service.capacity_updated_at = timezone.now()
        changed.append("capacity_updated_at")
    if changed:
        service.save(update_fields=[*changed, "updated_at"])
    changed += _set_related(service, values)
    if changed:
        audit.record(
            actor=actor,
            action="directory.service_updated",
            target=service,
            details={"fields": changed},
        )
    return service


@transaction.atomic
def set_capacity(
    service: Service,
    *,
    accepting_referrals: bool,
    places_available: int | None = None,
    actor: User,
) -> Service:
    """The one-click switch: accepting referrals or not, and places free now."""
    _require_manage(actor, service.organization)
    if places_available is not None and places_available < 0:
        raise ValidationError({"places_available": _("Places cannot be negative.")})
    service.accepting_referrals = accepting_referrals
    service.places_available = places_available
    service.capacity_updated_at = timezone.now()
    service.save(
        update_fields=[
            "accepting_referrals",
            "places_available",
            "capacity_updated_at",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="directory.capacity_set",
        target=service,
        details={"accepting_referrals": accepting_referrals, "places_available": places_available},
    )
    return service


@transaction.atomic
def mark_verified(service: Service, *, actor: User) -> Service:
    """Someone who maintains the entry confirms it is right today (HSDS assured_date)."""
    _require_manage(actor, service.organization)
    service.assured_date = timezone.localdate()
    service.assured_by = actor
    service.save(update_fields=["assured_date", "assured_by", "updated_at"])
    audit.record(actor=actor, action="directory.service_verified", target=service)
    return service
