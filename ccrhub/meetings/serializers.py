"""The API's view of meetings and action items; explicit fields only (S4)."""

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from ccrhub.lib.api import StrictInput, VersionedPatch
from ccrhub.meetings.access import may_read_minutes
from ccrhub.meetings.models import ActionItem, ActionStatus, AgendaItem, Meeting


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    owner: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "owner", "minutes", "prompts", "template_key"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    """A meeting. `minutes` is null for whoever may not read them (drafts, restricted)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    series: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    rrule = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "collaborative",
            "series",
            "rrule",
            "title",
            "starts_at",
            "duration_minutes",
            "location",
            "is_cancelled",
            "minutes_restricted",
            "minutes_status",
            "minutes",
            "agenda",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_rrule(self, meeting: Meeting) -> str | None:
        return meeting.series.rrule if meeting.series else None

    def get_minutes(self, meeting: Meeting) -> str | None:
        user = self.context["request"].user
        return meeting.minutes if may_read_minutes(user, meeting) else None


class MeetingFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/meetings/`: meetings starting from / to these days."""

    collaborative = serializers.UUIDField(required=False)
    # `from` is a Python keyword: the field is declared under its query name below.
    to = serializers.DateField(required=False, help_text="Last day included.")

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text="First day included.")
        return fields


class ActionItemFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/action-items/`."""

    collaborative = serializers.UUIDField(required=False)
    owner_agency = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    mine = serializers.BooleanField(required=False, help_text="Only those I own.")
    overdue = serializers.BooleanField(required=False, help_text="Only open ones past due.")


class MeetingCreateSerializer(StrictInput, serializers.Serializer[Meeting]):
    """POST {collaborative, title, starts_at, duration_minutes?, location?,
    minutes_restricted?, rrule?}; with an RRULE, a series is created."""

    collaborative = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=600, default=90)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    minutes_restricted = serializers.BooleanField(required=False, default=False)
    rrule = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeetingUpdateSerializer(VersionedPatch):
    """PATCH {version, title?, starts_at?, duration_minutes?, location?, is_cancelled?,
    minutes_restricted?, minutes?, minutes_status?: "approved"}."""

    title = serializers.CharField(max_length=200, required=False)
    starts_at = serializers.DateTimeField(required=False)
    duration_minutes = serializers.IntegerField(min_value=5, max_value=600, required=False)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_cancelled = serializers.BooleanField(required=False)
    minutes_restricted = serializers.BooleanField(required=False)
    minutes = serializers.CharField(required=False, allow_blank=True)
    minutes_status = serializers.ChoiceField(choices=["approved"], required=False)


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    meeting: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    owner_agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    owner: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "collaborative",
            "meeting",
            "title",
            "description",
            "owner_agency",
            "owner",
            "due_on",
            "status",
            "status_note",
            "closed_at",
            "overdue",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_overdue(self, item: ActionItem) -> bool:
        return item.status == ActionStatus.OPEN and item.due_on < timezone.localdate()


class ActionItemCreateSerializer(StrictInput, serializers.Serializer[ActionItem]):
    """POST {collaborative, title, owner_agency, due_on, meeting?, owner?, description?}."""

    collaborative = serializers.UUIDField()
    meeting = serializers.UUIDField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_agency = serializers.UUIDField()
    owner = serializers.UUIDField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()


class ActionItemUpdateSerializer(VersionedPatch):
    """PATCH {version, status?, status_note?, title?, description?, owner_agency?, owner?,
    due_on?}: owners may set the status; the rest is the coordinator's."""

    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    status_note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    owner_agency = serializers.UUIDField(required=False)
    owner = serializers.UUIDField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
