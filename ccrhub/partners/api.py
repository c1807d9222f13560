"""/api/v1/collaboratives/ and /api/v1/agencies/: read-only, the caller's own scope.

The same access functions as the pages: an id the caller may not see answers 404,
exactly like an id that does not exist.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub.lib.policy import authenticated, requires
from ccrhub.partners.access import access_agency, access_collaborative
from ccrhub.partners.coverage import compute_coverage, coverage_as_dict
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import active_roles, visible_agencies
from ccrhub.partners.serializers import (
    AgencySerializer,
    CollaborativeSerializer,
    CoverageSerializer,
)


def _with_members(queryset: QuerySet[Collaborative]) -> QuerySet[Collaborative]:
    return queryset.select_related("parent").prefetch_related(
        Prefetch(
            "memberships",
            queryset=AgencyMembership.objects.filter(is_active=True).select_related("agency"),
            to_attr="active_memberships",
        )
    )


def _context_with_roles(context: dict[str, Any], request: Request) -> dict[str, Any]:
    # The caller's roles, read once (cached on the user), for `role` and `parent`.
    context["roles"] = active_roles(request.user)
    return context


@authenticated
class CollaborativeList(generics.ListAPIView[Collaborative]):
    """The collaboratives in which the caller holds an active role."""

    serializer_class = CollaborativeSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return _context_with_roles(super().get_serializer_context(), self.request)

    def get_queryset(self) -> QuerySet[Collaborative]:
        ids = list(active_roles(self.request.user))
        return _with_members(Collaborative.objects.filter(pk__in=ids))


@requires("collaborative.view")
class CollaborativeDetail(generics.RetrieveAPIView[Collaborative]):
    serializer_class = CollaborativeSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return _context_with_roles(super().get_serializer_context(), self.request)

    def get_object(self) -> Collaborative:
        collaborative = access_collaborative(self.request.user, self.kwargs["id"])
        return _with_members(Collaborative.objects.filter(pk=collaborative.pk)).get()


@requires("coverage.view")
class CollaborativeCoverage(APIView):
    """Recommended sectors present and missing; communities served and represented."""

    @extend_schema(responses=CoverageSerializer)
    def get(self, request: Request, id: str) -> Response:
        collaborative = access_collaborative(request.user, id, permission="coverage.view")
        return Response(coverage_as_dict(compute_coverage(collaborative)))


@authenticated
class AgencyList(generics.ListAPIView[Agency]):
    """Agencies that are members of the caller's collaboratives, plus the caller's own."""

    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return visible_agencies(self.request.user)


@authenticated
class AgencyDetail(generics.RetrieveAPIView[Agency]):
    serializer_class = AgencySerializer

    def get_object(self) -> Agency:
        return access_agency(self.request.user, self.kwargs["id"])


urlpatterns = [
    path("collaboratives/", CollaborativeList.as_view(), name="api-collaborative-list"),
    path("collaboratives/<str:id>", CollaborativeDetail.as_view(), name="api-collaborative-detail"),
    path(
        "collaboratives/<str:id>/coverage",
        CollaborativeCoverage.as_view(),
        name="api-collaborative-coverage",
    ),
    path("agencies/", AgencyList.as_view(), name="api-agency-list"),
    path("agencies/<str:id>", AgencyDetail.as_view(), name="api-agency-detail"),
]
