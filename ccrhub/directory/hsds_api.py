"""/api/hsds/: the public, read-only Open Referral HSDS 3.0 API.

No authentication classes at all, so no session is read and no cookie can be set
(PublicPageMiddleware strips any anyway); GET only. Lists are paginated as the HSDS
OpenAPI's `Page`: total_items, total_pages, page_number, size, first_page,
last_page, empty and `contents`. The API is described by the HSDS OpenAPI, not by
/api/v1/schema/, so these views are left out of that document.
"""

import math
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub.directory import hsds, queries
from ccrhub.directory.models import Service
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import public
from ccrhub.lib.rate_limits import HsdsThrottle

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def _positive(value: str | None, default: int, ceiling: int | None = None) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    number = max(1, number)
    return min(number, ceiling) if ceiling else number


def _true(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def paginate(request: Request, queryset: QuerySet[Any], render: Callable[[Any], Any]) -> Response:
    """One page of `queryset` in the HSDS `Page` shape."""
    per_page = _positive(request.query_params.get("per_page"), DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = _positive(request.query_params.get("page"), 1)
    total = queryset.count()
    pages = math.ceil(total / per_page)
    rows = list(queryset[(page - 1) * per_page : page * per_page]) if total else []
    return Response(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(rows),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": not rows,
            "contents": [render(row) for row in rows],
        }
    )


class HsdsView(APIView):
    """Anyone may read; nobody is identified; each client address has its own limit."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HsdsThrottle]
    http_method_names = ["get", "head", "options"]


@public
@extend_schema(exclude=True)
class ApiRoot(HsdsView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": "https://openreferral.org/",
                "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
            }
        )


def _filter_services(request: Request, services: QuerySet[Service]) -> QuerySet[Service]:
    params = request.query_params
    filters: dict[str, Any] = {}
    for param, lookup in (
        ("taxonomy_term_id", "taxonomy_terms__public_id"),
        ("taxonomy_id", "taxonomy_terms__taxonomy__public_id"),
        ("organization_id", "organization__public_id"),
    ):
        if params.get(param):
            key = _uuid_or_none(params.get(param))
            if key is None:
                return services.none()
            filters[lookup] = key
    if filters:
        services = services.filter(pk__in=Service.objects.filter(**filters).values("pk"))
    text = (params.get("search") or "").strip()[:100]
    if text:
        services = services.filter(Q(name__icontains=text) | Q(description__icontains=text))
    return services


@public
@extend_schema(exclude=True)
class ServiceList(HsdsView):
    def get(self, request: Request) -> Response:
        if _true(request.query_params.get("full")):
            services, render = queries.public_services(), hsds.service_full
        else:
            services, render = queries.public_services_brief(), hsds.service_item
        return paginate(request, _filter_services(request, services).order_by("name", "id"), render)


@public
@extend_schema(exclude=True)
class ServiceDetail(HsdsView):
    def get(self, request: Request, id: str) -> Response:
        service = queries.public_services().filter(public_id=parse_public_id(id)).first()
        if service is None:
            raise Http404
        return Response(hsds.service_full(service))


@public
@extend_schema(exclude=True)
class OrganizationList(HsdsView):
    def get(self, request: Request) -> Response:
        full = _true(request.query_params.get("full")) or _true(
            request.query_params.get("full_service")
        )
        if full:
            return paginate(request, queries.hsds_organizations_full(), hsds.organization_full)
        return paginate(request, queries.hsds_organizations(), hsds.organization_item)


@public
@extend_schema(exclude=True)
class OrganizationDetail(HsdsView):
    def get(self, request: Request, id: str) -> Response:
        key = parse_public_id(id)
        organization = queries.hsds_organizations_full().filter(public_id=key).first()
        if organization is None:
            raise Http404
        return Response(hsds.organization_full(organization))


@public
@extend_schema(exclude=True)
class ServiceAtLocationList(HsdsView):
    def get(self, request: Request) -> Response:
        return paginate(request, queries.hsds_service_at_locations(), hsds.service_at_location_item)


@public
@extend_schema(exclude=True)
class ServiceAtLocationDetail(HsdsView):
    def get(self, request: Request, id: str) -> Response:
        key = parse_public_id(id)
        record = queries.hsds_service_at_locations().filter(public_id=key).first()
        if record is None:
            raise Http404
        service = queries.public_services().get(pk=record.service_id)
        return Response(hsds.service_at_location_full(record, hsds.service_full(service)))


@public
@extend_schema(exclude=True)
class TaxonomyList(HsdsView):
    def get(self, request: Request) -> Response:
        return paginate(request, queries.hsds_taxonomies(), hsds.taxonomy)


@public
@extend_schema(exclude=True)
class TaxonomyDetail(HsdsView):
    def get(self, request: Request, id: str) -> Response:
        record = queries.hsds_taxonomies().filter(public_id=parse_public_id(id)).first()
        if record is None:
            raise Http404
        return Response(hsds.taxonomy(record))


@public
@extend_schema(exclude=True)
class TaxonomyTermList(HsdsView):
    def get(self, request: Request) -> Response:
        terms = queries.hsds_taxonomy_terms()
        taxonomy_id = request.query_params.get("taxonomy_id")
        if taxonomy_id:
            key = _uuid_or_none(taxonomy_id)
            terms = terms.filter(taxonomy__public_id=key) if key else terms.none()
        return paginate(request, terms, hsds.taxonomy_term)


@public
@extend_schema(exclude=True)
class TaxonomyTermDetail(HsdsView):
    def get(self, request: Request, id: str) -> Response:
        record = queries.hsds_taxonomy_terms().filter(public_id=parse_public_id(id)).first()
        if record is None:
            raise Http404
        return Response(hsds.taxonomy_term(record))
