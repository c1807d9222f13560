"""/api/v1/collaboratives/ and /api/v1/agencies/: the caller's own scope.

The same access functions as the pages: an id the caller may not see answers 404,
exactly like an id that does not exist. One write: giving a role, through the same
action as the page (S5).
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.api import problem
from ccrhub.lib.policy import authenticated, requires
from ccrhub.partners import actions
from ccrhub.partners.access import access_agency, access_collaborative
from ccrhub.partners.coverage import compute_coverage, coverage_as_dict
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Representative
from ccrhub.partners.queries import active_roles, grantable_users, visible_agencies
from ccrhub.partners.serializers import (
    AgencySerializer,
    CollaborativeSerializer,
    CoverageSerializer,
    RepresentativeSerializer,
    RoleGrantSerializer,
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


@extend_schema_view(
    post=extend_schema(request=RoleGrantSerializer, responses={201: RepresentativeSerializer})
)
@requires("members.manage", "members.manage_own_agency")
class CollaborativeRoleGrant(generics.GenericAPIView[Representative]):
    """Give someone a role: the page's rule, by the same action (S5). A role carrying a
    permission the caller does not hold here answers 403, and nothing is written."""

    serializer_class = RepresentativeSerializer

    def post(self, request: Request, id: str) -> Response:
        collaborative = access_collaborative(request.user, id, permission="members.view")
        body = RoleGrantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = signed_in_user(request)
        # Only the people the page offers: anyone else answers as if unknown.
        user = grantable_users(collaborative, actor=actor).filter(
            public_id=body.validated_data["user"]
        )
        if not user:
            raise serializers.ValidationError({"user": ["Nobody you may give a role to here."]})
        try:
            given = actions.grant_role(
                collaborative, user=user[0], role=body.validated_data["role"], actor=actor
            )
        except actions.RoleBeyondYourOwn as refusal:
            return problem(status.HTTP_403_FORBIDDEN, detail=str(refusal))
        return Response(RepresentativeSerializer(given).data, status=status.HTTP_201_CREATED)


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
    path(
        "collaboratives/<str:id>/roles",
        CollaborativeRoleGrant.as_view(),
        name="api-collaborative-roles",
    ),
    path("agencies/", AgencyList.as_view(), name="api-agency-list"),
    path("agencies/<str:id>", AgencyDetail.as_view(), name="api-agency-detail"),
]
