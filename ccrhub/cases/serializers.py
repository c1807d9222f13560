from typing import Any

from rest_framework import serializers

from ccrhub.cases import stages
from ccrhub.cases.models import (
    Case,
    Event,
    ResponseKind,
    Violation,
    ViolationKind,
    ViolationResponse,
)
from ccrhub.lib.api import RoleFieldsMixin, StrictInput, VersionedPatch
from ccrhub.partners.models import Role

CASE_READ = frozenset(
    {
        "id",
        "collaborative",
        "external_ref",
        "agency_case_number",
        "lead_agency",
        "opened_on",
        "current_stage",
        "version",
        "restricted",
        "created_at",
    }
)
CASE_CREATE = frozenset(
    {
        "collaborative",
        "external_ref",
        "agency_case_number",
        "offender_ref",
        "opened_on",
    }
)
CASE_UPDATE = frozenset({"agency_case_number", "opened_on", "version"})
CASE_ROLES = (Role.COORDINATOR, Role.AGENCY_ADMIN, Role.MEMBER, Role.ADVOCATE)


class CaseSerializer(RoleFieldsMixin, serializers.ModelSerializer[Case]):
    """Cases as API.md names them. Writers may send only the allow-listed fields."""

    readable_by = dict.fromkeys(CASE_ROLES, CASE_READ)
    writable_by = dict.fromkeys(CASE_ROLES, CASE_CREATE)

    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    lead_agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    offender_ref = serializers.CharField(write_only=True, max_length=64)
    current_stage = serializers.SerializerMethodField()
    restricted = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "collaborative",
            "external_ref",
            "agency_case_number",
            "lead_agency",
            "offender_ref",
            "opened_on",
            "current_stage",
            "version",
            "restricted",
            "created_at",
        ]

    def get_current_stage(self, case: Case) -> str | None:
        """The stage of the case's latest event (by date, then id); None before any event."""
        if hasattr(case, "latest_stage"):
            return case.latest_stage
        latest = Event.objects.filter(case=case).order_by("-occurred_on", "-id")
        return latest.values_list("stage", flat=True).first()

    def get_restricted(self, case: Case) -> bool:
        flag = getattr(case, "is_restricted", None)
        if flag is None:
            from ccrhub.accounts.restrictions import is_restricted

            flag = is_restricted(case)
        return bool(flag)


class CaseFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/cases/`: each filter optional, each checked."""

    collaborative = serializers.UUIDField(required=False)
    reference = serializers.CharField(
        max_length=64, required=False, help_text="The agency reference, or its beginning."
    )
    match = serializers.ChoiceField(
        choices=["prefix", "exact"],
        required=False,
        help_text="How `reference` matches: from its start (the default) or whole.",
    )
    agency_case_number = serializers.CharField(
        max_length=64, required=False, help_text="The agency case number, whole."
    )
    stage = serializers.ChoiceField(choices=(), required=False, help_text="A stage's code.")
    opened_after = serializers.DateField(required=False)
    opened_before = serializers.DateField(required=False)

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        # The deployment's stage model (US or England and Wales) names the codes.
        fields["stage"].choices = [stage.code for stage in stages.stages()]
        return fields


class CaseCreateSerializer(RoleFieldsMixin, StrictInput, serializers.Serializer[Case]):
    """What opening a case takes; the collaborative is resolved by the view's access check."""

    writable_by = dict.fromkeys(CASE_ROLES, CASE_CREATE)

    collaborative = serializers.UUIDField()
    external_ref = serializers.CharField(max_length=64)
    agency_case_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    offender_ref = serializers.CharField(max_length=64)
    opened_on = serializers.DateField()


class CaseUpdateSerializer(VersionedPatch, CaseSerializer):
    """PATCH {version, agency_case_number?, opened_on?}."""

    writable_by = dict.fromkeys(CASE_ROLES, CASE_UPDATE)


class EventSerializer(serializers.ModelSerializer[Event]):
    """An event as the API shows it; read-only (writes go through EventCreateSerializer)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    case: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    agency_code = serializers.CharField(source="agency.short_code", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "case",
            "stage",
            "occurred_on",
            "outcome",
            "agency",
            "agency_code",
            "track",
            "source",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class EventCreateSerializer(StrictInput, serializers.Serializer[Event]):
    """POST {stage, occurred_on, outcome?, agency?, track?}; the stage model checks the codes."""

    stage = serializers.CharField(max_length=32)
    occurred_on = serializers.DateField()
    outcome = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    agency = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    track = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class EventUpdateSerializer(VersionedPatch):
    """PATCH {version, outcome?, occurred_on?, track?}: stage and agency never change."""

    outcome = serializers.CharField(max_length=32, required=False, allow_blank=True)
    occurred_on = serializers.DateField(required=False)
    track = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ViolationResponseSerializer(serializers.ModelSerializer[ViolationResponse]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = ViolationResponse
        fields = ["id", "kind", "responded_on", "agency", "created_at"]
        read_only_fields = fields


class ViolationSerializer(serializers.ModelSerializer[Violation]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    order: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    reported_by: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    responses = ViolationResponseSerializer(many=True, read_only=True)

    class Meta:
        model = Violation
        fields = ["id", "case", "order", "kind", "detected_on", "reported_by", "responses"]
        read_only_fields = fields


class ViolationCreateSerializer(StrictInput, serializers.Serializer[Violation]):
    """POST {kind, detected_on, reported_by?, order?}; reported_by is an agency id or code."""

    kind = serializers.ChoiceField(choices=ViolationKind.choices)
    detected_on = serializers.DateField()
    reported_by = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    order = serializers.UUIDField(required=False, allow_null=True, default=None)


class ViolationResponseCreateSerializer(StrictInput, serializers.Serializer[ViolationResponse]):
    """POST {kind, responded_on, agency?}."""

    kind = serializers.ChoiceField(choices=ResponseKind.choices)
    responded_on = serializers.DateField()
    agency = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
