"""/api/v1/highrisk/: referrals, conferences with their agendas, and SMART actions.
The same access functions and actions as the pages; PATCH answers 409 on a stale
`version`. No address is ever part of an answer."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.highrisk import actions
from ccrhub.highrisk.access import (
    MANAGE,
    VIEW,
    access_action,
    access_conference,
    access_conference_case,
    access_referral,
    linkable_case,
    referable_assessment,
    referable_collaborative_ids,
    require_highrisk_role,
    restricted_referral_ids,
    team_ids,
)
from ccrhub.highrisk.models import Action, Conference, Referral
from ccrhub.highrisk.queries import agenda_of
from ccrhub.highrisk.serializers import (
    ActionCreateSerializer,
    ActionFilters,
    ActionSerializer,
    ActionUpdateSerializer,
    AgendaSerializer,
    ConferenceCreateSerializer,
    ConferenceSerializer,
    ReferralCreateSerializer,
    ReferralFilters,
    ReferralSerializer,
    ReferralUpdateSerializer,
)
from ccrhub.lib.api import CursorPagination, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative
from ccrhub.partners.owners import owner_agency, owner_person
from ccrhub.partners.queries import can


def _team(user: Any, value: Any, permission: str) -> Collaborative:
    """A high-risk team the caller belongs to (404 otherwise); 403 without `permission`."""
    team = (
        Collaborative.objects.filter(pk__in=team_ids(user, VIEW))
        .filter(public_id=parse_public_id(value))
        .first()
    )
    if team is None:
        raise Http404
    if not can(user, permission, team.pk):
        raise PermissionDenied
    return team


def _visible(user: Any, items: list[Any], referral_of: Any) -> list[Any]:
    hidden = restricted_referral_ids(user, [referral_of(item) for item in items])
    return [item for item in items if referral_of(item) not in hidden]


class ReferredCursor(CursorPagination):
    ordering = ("-referred_on", "-id")  # type: ignore[assignment]


class HeldCursor(CursorPagination):
    ordering = ("-held_on", "-id")  # type: ignore[assignment]


class DueCursor(CursorPagination):
    ordering = ("due_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    get=extend_schema(parameters=[ReferralFilters]),
    post=extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer}),
)
@requires(VIEW)
class ReferralListView(generics.ListCreateAPIView[Referral]):
    """GET referrals of the caller's teams (`?collaborative=&repeat=true`); POST one."""

    serializer_class = ReferralSerializer
    pagination_class = ReferredCursor

    def get_queryset(self) -> Any:
        user = self.request.user
        ids = require_highrisk_role(user)
        referrals = Referral.objects.filter(collaborative_id__in=ids).for_list()
        restricted = restricted_referral_ids(
            user, list(referrals.values_list("pk", flat=True)[:5000])
        )
        referrals = referrals.exclude(pk__in=restricted)
        wanted = query(self.request, ReferralFilters)
        if "collaborative" in wanted:
            referrals = referrals.filter(collaborative__public_id=wanted["collaborative"])
        if wanted.get("repeat"):
            referrals = referrals.filter(is_repeat=True)
        return referrals

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = signed_in_user(request)
        if not referable_collaborative_ids(user):
            raise PermissionDenied
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = _team(user, serializer.validated_data["collaborative"], "highrisk.refer")
        if team.pk not in referable_collaborative_ids(user):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        data.pop("collaborative")
        assessment = None
        assessment_id = data.pop("assessment")
        if assessment_id:
            try:
                assessment = referable_assessment(user, assessment_id)
            except Http404:
                raise serializers.ValidationError({"assessment": ["No such assessment."]}) from None
        case = linkable_case(user, public_id=data.pop("linked_case"))
        referral = actions.refer_to_conference(
            team, actor=user, assessment=assessment, linked_case=case, **data
        )
        body = ReferralSerializer(referral, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=ReferralUpdateSerializer))
@requires(VIEW)
class ReferralDetailView(generics.GenericAPIView[Referral]):
    serializer_class = ReferralSerializer

    def get(self, request: Request, id: str) -> Response:
        referral = access_referral(request.user, id)
        return Response(ReferralSerializer(referral, context={"request": request}).data)

    def patch(self, request: Request, id: str) -> Response:
        referral = access_referral(request.user, id, write=True)
        serializer = ReferralUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        referral = actions.update_referral(
            referral, version=version, changes=changes, actor=signed_in_user(request)
        )
        return Response(ReferralSerializer(referral, context={"request": request}).data)


@extend_schema_view(
    post=extend_schema(request=ConferenceCreateSerializer, responses={201: ConferenceSerializer})
)
@requires(VIEW)
class ConferenceListView(generics.ListCreateAPIView[Conference]):
    """GET conferences of the caller's teams; POST one (the coordinator)."""

    serializer_class = ConferenceSerializer
    pagination_class = HeldCursor

    def get_queryset(self) -> Any:
        ids = require_highrisk_role(self.request.user)
        return Conference.objects.filter(collaborative_id__in=ids).select_related("collaborative")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not team_ids(request.user, MANAGE):
            raise PermissionDenied
        serializer = ConferenceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = _team(request.user, data["collaborative"], MANAGE)
        conference = actions.schedule_conference(
            team,
            held_on=data["held_on"],
            cadence=data["cadence"],
            actor=signed_in_user(request),
        )
        return Response(ConferenceSerializer(conference).data, status=status.HTTP_201_CREATED)


@requires(VIEW)
class ConferenceDetailView(generics.GenericAPIView[Conference]):
    serializer_class = ConferenceSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ConferenceSerializer(access_conference(request.user, id)).data)


@extend_schema_view(post=extend_schema(request=None))
@requires(VIEW)
class AgendaView(generics.GenericAPIView[Conference]):
    """GET the agenda in order; POST builds it (the coordinator)."""

    serializer_class = AgendaSerializer

    def _body(self, conference: Conference) -> dict[str, Any]:
        entries = list(agenda_of(conference))
        hidden = restricted_referral_ids(self.request.user, [e.referral_id for e in entries])
        rows: list[dict[str, Any]] = []
        for entry in entries:
            if entry.referral_id in hidden:
                rows.append({"position": entry.position, "restricted": True})
                continue
            referral = entry.referral
            rows.append(
                {
                    "position": entry.position,
                    "restricted": False,
                    "case": entry.public_id,
                    "referral": referral.public_id,
                    "reference": referral.reference,
                    "referring_agency": referral.referring_agency.name,
                    "has_children": entry.has_children,
                    "is_repeat": entry.is_repeat,
                    "previous_over_12_months": entry.previous_over_12_months,
                    "discussed": entry.discussed,
                }
            )
        return {"conference": str(conference.public_id), "results": rows}

    def get(self, request: Request, id: str) -> Response:
        return Response(self._body(access_conference(request.user, id)))

    def post(self, request: Request, id: str) -> Response:
        conference = access_conference(request.user, id, manage=True)
        actions.build_agenda(conference, actor=signed_in_user(request))
        return Response(self._body(conference))


@extend_schema_view(
    get=extend_schema(parameters=[ActionFilters]),
    post=extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer}),
)
@requires(VIEW)
class ActionListView(generics.ListCreateAPIView[Action]):
    """GET actions (`?status=&owner_agency=&conference=`), soonest due first; POST one."""

    serializer_class = ActionSerializer
    pagination_class = DueCursor

    def get_queryset(self) -> Any:
        user = self.request.user
        ids = require_highrisk_role(user)
        items = Action.objects.for_list().filter(
            conference_case__conference__collaborative_id__in=ids
        )
        restricted = restricted_referral_ids(
            user, list(items.values_list("conference_case__referral_id", flat=True)[:5000])
        )
        items = items.exclude(conference_case__referral_id__in=restricted)
        wanted = query(self.request, ActionFilters)
        if "status" in wanted:
            items = items.filter(status=wanted["status"])
        if "owner_agency" in wanted:
            items = items.filter(owner_agency__public_id=wanted["owner_agency"])
        if "conference" in wanted:
            items = items.filter(conference_case__conference__public_id=wanted["conference"])
        return items

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not team_ids(request.user, MANAGE):
            raise PermissionDenied
        serializer = ActionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = access_conference_case(request.user, data["case"], manage=True)
        action = actions.record_action(
            entry,
            owner_agency=owner_agency(data["owner_agency"]),
            owner=owner_person(data["owner"]),
            risk_target=data["risk_target"],
            description=data["description"],
            due_on=data["due_on"],
            actor=signed_in_user(request),
        )
        action = Action.objects.for_list().get(pk=action.pk)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=ActionUpdateSerializer))
@requires(VIEW)
class ActionDetailView(generics.GenericAPIView[Action]):
    serializer_class = ActionSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ActionSerializer(access_action(request.user, id)).data)

    def patch(self, request: Request, id: str) -> Response:
        action = access_action(request.user, id, write=True)
        serializer = ActionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        action = actions.update_action(
            action, version=version, changes=changes, actor=signed_in_user(request)
        )
        action = Action.objects.for_list().get(pk=action.pk)
        return Response(ActionSerializer(action).data)


urlpatterns = [
    path("highrisk/referrals/", ReferralListView.as_view(), name="api-highrisk-referral-list"),
    path(
        "highrisk/referrals/<str:id>",
        ReferralDetailView.as_view(),
        name="api-highrisk-referral-detail",
    ),
    path(
        "highrisk/conferences/", ConferenceListView.as_view(), name="api-highrisk-conference-list"
    ),
    path(
        "highrisk/conferences/<str:id>",
        ConferenceDetailView.as_view(),
        name="api-highrisk-conference-detail",
    ),
    path("highrisk/conferences/<str:id>/agenda", AgendaView.as_view(), name="api-highrisk-agenda"),
    path("highrisk/actions/", ActionListView.as_view(), name="api-highrisk-action-list"),
    path(
        "highrisk/actions/<str:id>", ActionDetailView.as_view(), name="api-highrisk-action-detail"
    ),
]
