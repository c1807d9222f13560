"""/api/v1/meetings/ and /api/v1/action-items/: the same access functions and actions as
the pages; writes answer 409 on a stale `version`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.api import CursorPagination, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.meetings import actions
from ccrhub.meetings.access import access_action_item, access_meeting, require_meetings_role
from ccrhub.meetings.models import ActionItem, AgendaItem, Meeting
from ccrhub.meetings.queries import visible_action_items, visible_meetings
from ccrhub.meetings.serializers import (
    ActionItemCreateSerializer,
    ActionItemFilters,
    ActionItemSerializer,
    ActionItemUpdateSerializer,
    MeetingCreateSerializer,
    MeetingFilters,
    MeetingSerializer,
    MeetingUpdateSerializer,
)
from ccrhub.partners.models import Collaborative
from ccrhub.partners.owners import owner_agency, owner_person
from ccrhub.partners.queries import can


def _collaborative_to_manage(user: Any, value: Any) -> Collaborative:
    """A collaborative the caller belongs to (404 otherwise); 403 unless they manage
    meetings there."""
    collaborative = (
        Collaborative.objects.of_user(user).filter(public_id=parse_public_id(value)).first()
    )
    if collaborative is None:
        raise Http404
    if not can(user, "meetings.manage", collaborative.pk):
        raise PermissionDenied
    return collaborative


def _with_details(meetings: Any) -> Any:
    agenda = Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner"))
    return meetings.select_related("collaborative", "series").prefetch_related(agenda, "attendance")


class StartCursor(CursorPagination):
    ordering = ("starts_at", "id")  # type: ignore[assignment]


class DueCursor(CursorPagination):
    ordering = ("due_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    get=extend_schema(parameters=[MeetingFilters]),
    post=extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer}),
)
@requires("meetings.view")
class MeetingListView(generics.ListCreateAPIView[Meeting]):
    """GET meetings (`?collaborative=&from=&to=`), soonest first; POST one (or a series)."""

    serializer_class = MeetingSerializer
    pagination_class = StartCursor

    def get_queryset(self) -> Any:
        require_meetings_role(self.request.user)
        meetings = _with_details(visible_meetings(self.request.user))
        wanted = query(self.request, MeetingFilters)
        if "collaborative" in wanted:
            meetings = meetings.filter(collaborative__public_id=wanted["collaborative"])
        if "from" in wanted:
            meetings = meetings.filter(starts_at__date__gte=wanted["from"])
        if "to" in wanted:
            meetings = meetings.filter(starts_at__date__lte=wanted["to"])
        return meetings

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        collaborative = _collaborative_to_manage(request.user, request.data.get("collaborative"))
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting = actions.schedule(
            collaborative,
            title=data["title"],
            starts_at=data["starts_at"],
            rrule=data["rrule"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            minutes_restricted=data["minutes_restricted"],
            actor=signed_in_user(request),
        )
        fresh = _with_details(Meeting.objects.filter(pk=meeting.pk)).get()
        body = MeetingSerializer(fresh, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=MeetingUpdateSerializer))
@requires("meetings.view")
class MeetingDetailView(generics.GenericAPIView[Meeting]):
    """GET one meeting; PATCH its details, its draft minutes, or approve them."""

    serializer_class = MeetingSerializer

    def get(self, request: Request, id: str) -> Response:
        meeting = access_meeting(request.user, id)
        fresh = _with_details(Meeting.objects.filter(pk=meeting.pk)).get()
        return Response(MeetingSerializer(fresh, context={"request": request}).data)

    def patch(self, request: Request, id: str) -> Response:
        meeting = access_meeting(request.user, id, permission="meetings.manage")
        serializer = MeetingUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        meeting = actions.change_meeting(
            meeting,
            version=changes.pop("version"),
            minutes=changes.pop("minutes", None),
            approve=changes.pop("minutes_status", None) == "approved",
            changes=changes,
            actor=signed_in_user(request),
        )
        fresh = _with_details(Meeting.objects.filter(pk=meeting.pk)).get()
        return Response(MeetingSerializer(fresh, context={"request": request}).data)


@extend_schema_view(
    get=extend_schema(parameters=[ActionItemFilters]),
    post=extend_schema(request=ActionItemCreateSerializer, responses={201: ActionItemSerializer}),
)
@requires("meetings.view")
class ActionItemListView(generics.ListCreateAPIView[ActionItem]):
    """GET action items (`?collaborative=&status=&owner_agency=&mine=true&overdue=true`),
    soonest due first; POST one."""

    serializer_class = ActionItemSerializer
    pagination_class = DueCursor

    def get_queryset(self) -> Any:
        require_meetings_role(self.request.user)
        items = visible_action_items(self.request.user).for_list()
        wanted = query(self.request, ActionItemFilters)
        if "collaborative" in wanted:
            items = items.filter(collaborative__public_id=wanted["collaborative"])
        if "owner_agency" in wanted:
            items = items.filter(owner_agency__public_id=wanted["owner_agency"])
        if "status" in wanted:
            items = items.filter(status=wanted["status"])
        if wanted.get("mine"):
            items = items.filter(owner=signed_in_user(self.request))
        if wanted.get("overdue"):
            items = items.overdue(timezone.localdate())
        return items

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        collaborative = _collaborative_to_manage(request.user, request.data.get("collaborative"))
        serializer = ActionItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = None
        if data["meeting"]:
            meeting = Meeting.objects.filter(
                public_id=data["meeting"], collaborative=collaborative
            ).first()
            if meeting is None:
                raise serializers.ValidationError({"meeting": ["No such meeting here."]})
        item = actions.create_action_item(
            collaborative,
            meeting=meeting,
            title=data["title"],
            description=data["description"],
            owner_agency=owner_agency(data["owner_agency"]),
            owner=owner_person(data["owner"]),
            due_on=data["due_on"],
            actor=signed_in_user(request),
        )
        item = ActionItem.objects.for_list().get(pk=item.pk)
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=ActionItemUpdateSerializer))
@requires("meetings.view")
class ActionItemDetailView(generics.GenericAPIView[ActionItem]):
    serializer_class = ActionItemSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ActionItemSerializer(access_action_item(request.user, id)).data)

    def patch(self, request: Request, id: str) -> Response:
        item = access_action_item(request.user, id, write=True)
        serializer = ActionItemUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        if "owner_agency" in changes:
            changes["owner_agency"] = owner_agency(changes["owner_agency"])
        if "owner" in changes:
            changes["owner"] = owner_person(changes["owner"])
        item = actions.update_action_item(
            item, version=version, changes=changes, actor=signed_in_user(request)
        )
        item = ActionItem.objects.for_list().get(pk=item.pk)
        return Response(ActionItemSerializer(item).data)


urlpatterns = [
    path("meetings/", MeetingListView.as_view(), name="api-meeting-list"),
    path("meetings/<str:id>", MeetingDetailView.as_view(), name="api-meeting-detail"),
    path("action-items/", ActionItemListView.as_view(), name="api-action-item-list"),
    path("action-items/<str:id>", ActionItemDetailView.as_view(), name="api-action-item-detail"),
]
