from typing import Any

from rest_framework import serializers

from ccrhub.cases.models import Case
from ccrhub.lib.api import RoleFieldsMixin
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
        # The stage model arrives with case tracking; until then no case has a stage.
        return None

    def get_restricted(self, case: Case) -> bool:
        flag = getattr(case, "is_restricted", None)
        if flag is None:
            from ccrhub.accounts.restrictions import is_restricted

            flag = is_restricted(case)
        return bool(flag)


class CaseCreateSerializer(RoleFieldsMixin, serializers.Serializer[Case]):
    """What opening a case takes; the collaborative is resolved by the view's access check."""

    writable_by = dict.fromkeys(CASE_ROLES, CASE_CREATE)

    collaborative = serializers.UUIDField()
    external_ref = serializers.CharField(max_length=64)
    agency_case_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    offender_ref = serializers.CharField(max_length=64)
    opened_on = serializers.DateField()


class CaseUpdateSerializer(CaseSerializer):
    writable_by = dict.fromkeys(CASE_ROLES, CASE_UPDATE)
    version = serializers.IntegerField(min_value=1)

    def to_internal_value(self, data: Any) -> Any:
        if "version" not in data:
            raise serializers.ValidationError({"version": ["Send back the version you read."]})
        return super().to_internal_value(data)
