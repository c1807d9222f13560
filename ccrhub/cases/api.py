"""/api/v1/cases/: the same access functions and actions as the pages."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import actions
from ccrhub.cases.access import access_case, require_case_role, visible_cases
from ccrhub.cases.models import Case
from ccrhub.cases.serializers import CaseCreateSerializer, CaseSerializer, CaseUpdateSerializer
from ccrhub.lib.api import problem
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import role_in
from ccrhub.partners.roles import role_can


def _role_for(user: Any, collaborative_id: int | None) -> str:
    return (role_in(user, collaborative_id) if collaborative_id else None) or ""


@requires("cases.view")
class CaseListView(generics.ListCreateAPIView[Case]):
    serializer_class = CaseSerializer

    def get_queryset(self) -> Any:
        require_case_role(self.request.user)
        cases = visible_cases(self.request.user).for_list()
        params = self.request.query_params
        if params.get("collaborative"):
            cases = cases.filter(collaborative__public_id=_uuid_or_404(params["collaborative"]))
        if params.get("opened_after"):
            cases = cases.filter(opened_on__gte=params["opened_after"])
        if params.get("opened_before"):
            cases = cases.filter(opened_on__lte=params["opened_before"])
        return cases

    def get_serializer_context(self) -> dict[str, Any]:
        # Every role that may list cases reads the same fields; the list is scoped above.
        return {**super().get_serializer_context(), "role": "member"}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        collaborative = (
            Collaborative.objects.of_user(request.user)
            .filter(public_id=_uuid_or_404(request.data.get("collaborative", "")))
            .first()
        )
        if collaborative is None:
            raise Http404
        role = _role_for(request.user, collaborative.pk)
        if not role_can(role, "cases.write"):
            raise PermissionDenied
        serializer = CaseCreateSerializer(data=request.data, context={"role": role})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if Case.objects.filter(
            collaborative=collaborative, external_ref=data["external_ref"]
        ).exists():
            return problem(409, "Conflict", "A case with this external_ref already exists.")
        case = actions.open_case(
            collaborative,
            external_ref=data["external_ref"],
            offender_ref=data["offender_ref"],
            opened_on=data["opened_on"],
            agency_case_number=data.get("agency_case_number", ""),
            actor=signed_in_user(request),
        )
        body = CaseSerializer(case, context={"role": role, "request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@requires("cases.view")
class CaseDetailView(generics.GenericAPIView[Case]):
    serializer_class = CaseSerializer

    def get(self, request: Request, case_id: str) -> Response:
        case = access_case(request.user, case_id)
        actions.record_case_viewed(case, actor=signed_in_user(request))
        role = _role_for(request.user, case.collaborative_id)
        return Response(CaseSerializer(case, context={"role": role}).data)

    def patch(self, request: Request, case_id: str) -> Response:
        case = access_case(request.user, case_id, write=True)
        role = _role_for(request.user, case.collaborative_id)
        serializer = CaseUpdateSerializer(
            case, data=request.data, partial=True, context={"role": role}
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        try:
            case = actions.update_case(
                case, version=version, changes=changes, actor=signed_in_user(request)
            )
        except actions.StaleVersion:
            return problem(409, "Conflict", "The case changed since you read it; fetch it again.")
        return Response(CaseSerializer(case, context={"role": role}).data)


def _uuid_or_404(value: object) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Http404 from None


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-case-list"),
    path("cases/<str:case_id>", CaseDetailView.as_view(), name="api-case-detail"),
]
