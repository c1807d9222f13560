"""/api/v1/cases/: the same access functions and actions as the pages."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import actions
from ccrhub.cases.access import (
    access_case,
    access_event,
    access_violation,
    require_case_role,
    require_records,
)
from ccrhub.cases.models import Case, Event, Order, Violation, ViolationResponse
from ccrhub.cases.queries import search_cases, search_terms
from ccrhub.cases.serializers import (
    CaseCreateSerializer,
    CaseFilters,
    CaseSerializer,
    CaseUpdateSerializer,
    EventCreateSerializer,
    EventSerializer,
    EventUpdateSerializer,
    ViolationCreateSerializer,
    ViolationResponseCreateSerializer,
    ViolationResponseSerializer,
    ViolationSerializer,
)
from ccrhub.lib.api import CursorPagination, problem, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, Collaborative, Role
from ccrhub.partners.queries import role_in
from ccrhub.partners.roles import role_can


def _role_for(user: Any, collaborative_id: int | None) -> str:
    return (role_in(user, collaborative_id) if collaborative_id else None) or ""


@extend_schema_view(
    get=extend_schema(parameters=[CaseFilters]),
    post=extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer}),
)
@requires("cases.view")
class CaseListView(generics.ListCreateAPIView[Case]):
    serializer_class = CaseSerializer

    def get_queryset(self) -> Any:
        require_case_role(self.request.user)
        wanted = query(self.request, CaseFilters)
        cases = search_cases(self.request.user, wanted)
        actions.record_case_search(
            terms=search_terms(wanted),
            results=cases.count() if search_terms(wanted) else 0,
            actor=signed_in_user(self.request),
        )
        return cases

    def get_serializer_context(self) -> dict[str, Any]:
        # Every role that may list cases reads the same fields; the list is scoped above.
        return {**super().get_serializer_context(), "role": "member"}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        collaborative = (
            Collaborative.objects.of_user(request.user)
            .filter(public_id=parse_public_id(request.data.get("collaborative", "")))
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
        try:
            case = actions.open_case(
                collaborative,
                external_ref=data["external_ref"],
                offender_ref=data["offender_ref"],
                opened_on=data["opened_on"],
                agency_case_number=data.get("agency_case_number", ""),
                actor=signed_in_user(request),
            )
        except actions.ReferenceUnavailable as refused:
            # The same answer whether or not the caller can see the case (see open_case).
            detail = str(actions.REFERENCE_UNAVAILABLE)
            return problem(409, "Conflict", detail, errors=refused.message_dict)
        body = CaseSerializer(case, context={"role": role, "request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=CaseUpdateSerializer))
@requires("cases.view")
class CaseDetailView(generics.GenericAPIView[Case]):
    serializer_class = CaseSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        # What the document shows: every role that may write cases reads and sends the
        # same fields (CASE_ROLES); the handlers below pass the caller's own role.
        return {**super().get_serializer_context(), "role": Role.MEMBER}

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
        case = actions.update_case(
            case, version=version, changes=changes, actor=signed_in_user(request)
        )
        return Response(CaseSerializer(case, context={"role": role}).data)


class ChronologicalCursor(CursorPagination):
    """Oldest first; the id breaks ties between entries of the same day."""

    ordering = ("occurred_on", "id")  # type: ignore[assignment]


def agency_from(value: str, field: str = "agency") -> Agency | None:
    """An agency named by its id or its short code; blank → None (the caller's own)."""
    if not value:
        return None
    try:
        found = Agency.objects.filter(public_id=uuid.UUID(value))
    except ValueError:
        found = Agency.objects.filter(short_code=value.strip().lower())
    agency = found.first()
    if agency is None:
        raise serializers.ValidationError({field: ["Unknown agency."]})
    return agency


@extend_schema_view(
    post=extend_schema(
        request=EventCreateSerializer,
        responses={201: EventSerializer, 200: EventSerializer},
        description="Records an event; the same stage, track and day again updates it (200).",
    )
)
@requires("cases.view")
class CaseEventsView(generics.ListCreateAPIView[Event]):
    """GET the case's events, oldest first; POST one (the same identity again updates it)."""

    serializer_class = EventSerializer
    pagination_class = ChronologicalCursor

    def get_queryset(self) -> "QuerySet[Event]":
        case = access_case(self.request.user, self.kwargs["case_id"])
        return Event.objects.filter(case=case).select_related("case", "agency")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = access_case(request.user, kwargs["case_id"], write=True)
        require_records(request.user, case, "events")
        serializer = EventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        identity = {k: data[k] for k in ("stage", "track", "occurred_on")}
        existed = Event.objects.filter(case=case, **identity).exists()
        event = actions.record_event(
            case,
            stage=data["stage"],
            occurred_on=data["occurred_on"],
            outcome=data["outcome"],
            agency=agency_from(data["agency"]),
            track=data["track"],
            source="api",
            actor=signed_in_user(request),
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(EventSerializer(event).data, status=code)


@extend_schema_view(patch=extend_schema(request=EventUpdateSerializer))
@requires("cases.view")
class EventDetailView(generics.GenericAPIView[Event]):
    serializer_class = EventSerializer

    def get(self, request: Request, event_id: str) -> Response:
        return Response(EventSerializer(access_event(request.user, event_id)).data)

    def patch(self, request: Request, event_id: str) -> Response:
        event = access_event(request.user, event_id, write=True)
        serializer = EventUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        event = actions.update_event(
            event, version=version, changes=changes, actor=signed_in_user(request)
        )
        return Response(EventSerializer(event).data)


class DetectedCursor(CursorPagination):
    ordering = ("detected_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    post=extend_schema(request=ViolationCreateSerializer, responses={201: ViolationSerializer})
)
@requires("cases.view")
class CaseViolationsView(generics.ListCreateAPIView[Violation]):
    serializer_class = ViolationSerializer
    pagination_class = DetectedCursor

    def get_queryset(self) -> "QuerySet[Violation]":
        case = access_case(self.request.user, self.kwargs["case_id"])
        return (
            Violation.objects.filter(case=case)
            .select_related("case", "order", "reported_by")
            .prefetch_related("responses__agency")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = access_case(request.user, kwargs["case_id"], write=True)
        require_records(request.user, case, "violations")
        serializer = ViolationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = None
        if data["order"]:
            order = Order.objects.filter(case=case, public_id=data["order"]).first()
            if order is None:
                raise serializers.ValidationError({"order": ["No such order on this case."]})
        violation = actions.record_violation(
            case,
            kind=data["kind"],
            detected_on=data["detected_on"],
            reported_by=agency_from(data["reported_by"], "reported_by"),
            order=order,
            actor=signed_in_user(request),
        )
        body = ViolationSerializer(violation).data
        return Response(body, status=status.HTTP_201_CREATED)


class RespondedCursor(CursorPagination):
    ordering = ("responded_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    post=extend_schema(
        request=ViolationResponseCreateSerializer, responses={201: ViolationResponseSerializer}
    )
)
@requires("cases.view")
class ViolationResponsesView(generics.ListCreateAPIView[ViolationResponse]):
    serializer_class = ViolationResponseSerializer
    pagination_class = RespondedCursor

    def get_queryset(self) -> "QuerySet[ViolationResponse]":
        violation = access_violation(self.request.user, self.kwargs["violation_id"])
        return ViolationResponse.objects.filter(violation=violation).select_related("agency")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        violation = access_violation(request.user, kwargs["violation_id"], write=True)
        require_records(request.user, violation.case, "responses")
        serializer = ViolationResponseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        response = actions.record_violation_response(
            violation,
            kind=data["kind"],
            responded_on=data["responded_on"],
            agency=agency_from(data["agency"]),
            actor=signed_in_user(request),
        )
        body = ViolationResponseSerializer(response).data
        return Response(body, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-case-list"),
    path("cases/<str:case_id>", CaseDetailView.as_view(), name="api-case-detail"),
    path("cases/<str:case_id>/events", CaseEventsView.as_view(), name="api-case-events"),
    path(
        "cases/<str:case_id>/violations", CaseViolationsView.as_view(), name="api-case-violations"
    ),
    path("events/<str:event_id>", EventDetailView.as_view(), name="api-event-detail"),
    path(
        "violations/<str:violation_id>/responses",
        ViolationResponsesView.as_view(),
        name="api-violation-responses",
    ),
]
