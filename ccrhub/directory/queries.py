"""Reads of the directory: the maintenance list, the public search, the HSDS API.

Public reads never load confidential locations (`public_locations`): whatever renders
a published service can only show what these querysets hold.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ccrhub.directory.models import (
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceQuerySet,
    Taxonomy,
    TaxonomyTerm,
)
from ccrhub.partners.queries import active_roles


def services_for_list(user: Any) -> QuerySet[Service]:
    """The maintenance list: every entry of the user's collaboratives, one query."""
    return (
        Service.objects.filter(organization__collaborative_id__in=list(active_roles(user)))
        .select_related("organization", "organization__agency", "organization__collaborative")
        .order_by("organization__name", "name")
    )


def organizations_for_list(user: Any) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(collaborative_id__in=list(active_roles(user)))
        .select_related("agency", "collaborative")
        .order_by("name")
    )


def service_for_detail(service: Service) -> Service:
    return (
        Service.objects.filter(pk=service.pk)
        .select_related("organization", "organization__agency", "assured_by")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "areas",
            "taxonomy_terms",
            Prefetch("at_locations", ServiceAtLocation.objects.select_related("location")),
        )
        .get()
    )


# Public reads ----------------------------------------------------------------------


def public_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(location__is_confidential=False).select_related(
        "location", "location__organization"
    )


def public_services() -> ServiceQuerySet:
    """Published services with everything the public page and the HSDS API show."""
    confidential = ServiceAtLocation.objects.filter(
        service=OuterRef("pk"), location__is_confidential=True
    )
    return (
        Service.objects.published()
        .select_related("organization")
        # Whether to say "call for the location", without loading the location.
        .annotate(has_confidential_location=Exists(confidential))
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "areas",
            Prefetch("taxonomy_terms", TaxonomyTerm.objects.select_related("taxonomy", "parent")),
            Prefetch("at_locations", public_at_locations(), to_attr="public_at_locations"),
        )
    )


def public_services_brief() -> ServiceQuerySet:
    """For HSDS list items: one-to-one fields and the organisation only."""
    return Service.objects.published().select_related("organization")


def public_locations() -> QuerySet[Location]:
    return Location.objects.filter(is_confidential=False, organization__is_active=True)


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor searched for; never logged or stored."""

    need: TaxonomyTerm | None = None
    language: str = ""
    area: str = ""
    open_now: bool = False
    open_24_7: bool = False
    culturally_specific: bool = False
    community_based: bool = False
    text: str = ""


def search_public(filters: PublicFilters) -> ServiceQuerySet:
    services = public_services()
    if filters.need is not None:
        services = services.filter(taxonomy_terms=filters.need)
    if filters.language:
        services = services.filter(
            pk__in=ServiceLanguage.objects.filter(code=filters.language).values("service_id")
        )
    if filters.area:
        services = services.filter(
            pk__in=ServiceArea.objects.filter(name=filters.area).values("service_id")
        )
    if filters.open_24_7:
        services = services.filter(is_24_7=True)
    if filters.open_now:
        services = services.open_at(timezone.now())
    if filters.culturally_specific:
        services = services.filter(culturally_specific=True)
    if filters.community_based:
        services = services.filter(community_based=True)
    if filters.text:
        services = services.filter(
            Q(name__icontains=filters.text)
            | Q(description__icontains=filters.text)
            | Q(organization__name__icontains=filters.text)
        )
    # 24-hour help first: who searches at night needs it most.
    return services.order_by("-is_24_7", "name")


def public_needs() -> QuerySet[TaxonomyTerm]:
    """Needs at least one published service meets, for the search form."""
    published = Service.objects.published().values("pk")
    return TaxonomyTerm.objects.filter(services__in=published).distinct().order_by("name")


def public_languages() -> list[str]:
    published = Service.objects.published().values("pk")
    return sorted(
        set(ServiceLanguage.objects.filter(service__in=published).values_list("code", flat=True))
    )


def public_areas() -> list[str]:
    published = Service.objects.published().values("pk")
    return sorted(
        set(ServiceArea.objects.filter(service__in=published).values_list("name", flat=True))
    )


# The HSDS API ----------------------------------------------------------------------


def hsds_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True).order_by("name", "id")


def hsds_organizations_full() -> QuerySet[Organization]:
    return hsds_organizations().prefetch_related(
        Prefetch("locations", public_locations(), to_attr="public_locations"),
        Prefetch("services", public_services(), to_attr="published_services"),
    )


def hsds_service_at_locations() -> QuerySet[ServiceAtLocation]:
    """Only at places that may be published, and only of published services."""
    return (
        public_at_locations()
        .filter(service__in=Service.objects.published().values("pk"))
        .select_related("service", "service__organization")
        .order_by("id")
    )


def hsds_taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")


def hsds_taxonomy_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("name", "id")
