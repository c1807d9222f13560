"""The API's view of referrals, conferences and actions; explicit fields only (S4).

Identifying fields of a referral are present only for those who may see them (the
referring agency, or a release covering identity); no address is ever serialised."""

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from ccrhub.highrisk.access import may_see_identity
from ccrhub.highrisk.actions import record_survivor_view
from ccrhub.highrisk.models import Action, ActionStatus, Cadence, Conference, Referral, RiskTarget
from ccrhub.lib.api import StrictInput, VersionedPatch

IDENTITY_FIELDS = (
    "victim_name",
    "perpetrator_name",
    "judgement_reasons",
    "without_consent_justification",
    "safe_contacts",
    "unsafe_contacts",
)
UUID_SLUG: dict[str, Any] = {"slug_field": "public_id", "read_only": True}


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(**UUID_SLUG)
    referring_agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        **UUID_SLUG
    )
    reference = serializers.CharField(read_only=True)
    criteria = serializers.SerializerMethodField()
    # Null for whoever may not see who the people are (see to_representation).
    victim_name = serializers.CharField(read_only=True, allow_null=True)
    perpetrator_name = serializers.CharField(read_only=True, allow_null=True)
    judgement_reasons = serializers.CharField(read_only=True, allow_null=True)
    without_consent_justification = serializers.CharField(read_only=True, allow_null=True)
    safe_contacts = serializers.CharField(read_only=True, allow_null=True)
    unsafe_contacts = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "collaborative",
            "referring_agency",
            "referred_on",
            "status",
            "criteria",
            "visible_high_risk",
            "dash_score",
            "professional_judgement",
            "potential_escalation",
            "police_incidents_12m",
            "is_repeat",
            "previous_over_12_months",
            "victim_knows",
            "consented",
            "children_count",
            "children_under_18",
            "earlier_referrals_elsewhere",
            "transferred_from_area",
            "victim_minoritised",
            "victim_disabled",
            "victim_lgbt",
            "victim_male",
            "victim_aged_16_17",
            "perpetrator_under_18",
            *IDENTITY_FIELDS,
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_criteria(self, referral: Referral) -> list[str]:
        flags = {
            "visible_high_risk": referral.visible_high_risk,
            "professional_judgement": referral.professional_judgement,
            "potential_escalation": referral.potential_escalation,
            "repeat": referral.is_repeat,
        }
        return [name for name, on in flags.items() if on]

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        user = self.context["request"].user
        if not may_see_identity(user, instance):
            for name in IDENTITY_FIELDS:
                data[name] = None
        else:
            record_survivor_view(user, instance, ["identity"], via="api:highrisk-referral")
        return data


class ReferralFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/highrisk/referrals/`."""

    collaborative = serializers.UUIDField(required=False)
    repeat = serializers.BooleanField(required=False, help_text="Only repeat referrals.")


class ReferralCreateSerializer(StrictInput, serializers.Serializer[Referral]):
    """POST {collaborative, referred_on, victim_ref, perpetrator_ref, assessment?,
    linked_case?, professional_judgement?, judgement_reasons?, victim_knows?, consented?,
    without_consent_justification?, ...}. `victim_ref` and `perpetrator_ref` are hashed
    and not kept."""

    collaborative = serializers.UUIDField()
    referred_on = serializers.DateField()
    victim_ref = serializers.CharField(max_length=200, write_only=True)
    perpetrator_ref = serializers.CharField(max_length=200, write_only=True)
    assessment = serializers.UUIDField(required=False, allow_null=True, default=None)
    linked_case = serializers.UUIDField(required=False, allow_null=True, default=None)
    professional_judgement = serializers.BooleanField(default=False)
    judgement_reasons = serializers.CharField(required=False, allow_blank=True, default="")
    victim_knows = serializers.BooleanField(default=False)
    consented = serializers.BooleanField(default=False)
    without_consent_justification = serializers.CharField(
        required=False, allow_blank=True, default=""
    )
    victim_name = serializers.CharField(required=False, allow_blank=True, default="")
    perpetrator_name = serializers.CharField(required=False, allow_blank=True, default="")
    safe_contacts = serializers.CharField(required=False, allow_blank=True, default="")
    unsafe_contacts = serializers.CharField(required=False, allow_blank=True, default="")
    children_count = serializers.IntegerField(min_value=0, max_value=32767, default=0)
    children_under_18 = serializers.BooleanField(default=False)
    earlier_referrals_elsewhere = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class ReferralUpdateSerializer(VersionedPatch):
    """PATCH {version, ...}: what the referring agency may still change."""

    victim_knows = serializers.BooleanField(required=False)
    consented = serializers.BooleanField(required=False)
    without_consent_justification = serializers.CharField(required=False, allow_blank=True)
    safe_contacts = serializers.CharField(required=False, allow_blank=True)
    unsafe_contacts = serializers.CharField(required=False, allow_blank=True)
    children_count = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    children_under_18 = serializers.BooleanField(required=False)
    earlier_referrals_elsewhere = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )


class ConferenceSerializer(serializers.ModelSerializer[Conference]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(**UUID_SLUG)

    class Meta:
        model = Conference
        fields = ["id", "collaborative", "held_on", "cadence", "status", "version"]
        read_only_fields = fields


class ConferenceCreateSerializer(StrictInput, serializers.Serializer[Conference]):
    collaborative = serializers.UUIDField()
    held_on = serializers.DateField()
    cadence = serializers.ChoiceField(choices=Cadence.choices, default=Cadence.MONTHLY)


@extend_schema_field({"type": "boolean", "enum": [True]})
class _AlwaysTrue(serializers.BooleanField):
    pass


@extend_schema_field({"type": "boolean", "enum": [False]})
class _AlwaysFalse(serializers.BooleanField):
    pass


class RestrictedAgendaEntrySerializer(serializers.Serializer[Any]):
    """An agenda line of a case the caller may not see: its place, and nothing more."""

    position = serializers.IntegerField()
    restricted = _AlwaysTrue()


class AgendaEntrySerializer(serializers.Serializer[Any]):
    """One agenda line as the caller may see it."""

    position = serializers.IntegerField()
    restricted = _AlwaysFalse()
    case = serializers.UUIDField()
    referral = serializers.UUIDField()
    reference = serializers.CharField()
    referring_agency = serializers.CharField()
    has_children = serializers.BooleanField()
    is_repeat = serializers.BooleanField()
    previous_over_12_months = serializers.BooleanField()
    discussed = serializers.BooleanField()


class AgendaSerializer(serializers.Serializer[Any]):
    """A conference's agenda in order; a restricted case says only that it is there."""

    conference = serializers.UUIDField()
    results = PolymorphicProxySerializer(
        component_name="AgendaLine",
        serializers=[AgendaEntrySerializer, RestrictedAgendaEntrySerializer],
        resource_type_field_name=None,
        many=True,
    )


class ActionSerializer(serializers.ModelSerializer[Action]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case = serializers.UUIDField(source="conference_case.public_id", read_only=True)
    conference = serializers.UUIDField(
        source="conference_case.conference.public_id", read_only=True
    )
    referral = serializers.UUIDField(source="conference_case.referral.public_id", read_only=True)
    owner_agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(**UUID_SLUG)
    owner: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        **UUID_SLUG, allow_null=True
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "conference",
            "case",
            "referral",
            "owner_agency",
            "owner",
            "risk_target",
            "description",
            "due_on",
            "status",
            "status_note",
            "completed_at",
            "version",
        ]
        read_only_fields = fields


class ActionFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/highrisk/actions/`."""

    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    owner_agency = serializers.UUIDField(required=False)
    conference = serializers.UUIDField(required=False)


class ActionCreateSerializer(StrictInput, serializers.Serializer[Action]):
    case = serializers.UUIDField()
    owner_agency = serializers.UUIDField()
    owner = serializers.UUIDField(required=False, allow_null=True, default=None)
    risk_target = serializers.ChoiceField(choices=RiskTarget.choices)
    description = serializers.CharField()
    due_on = serializers.DateField()


class ActionUpdateSerializer(VersionedPatch):
    """PATCH {version, status?, status_note?, description?, due_on?, risk_target?}."""

    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    status_note = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False)
    due_on = serializers.DateField(required=False)
    risk_target = serializers.ChoiceField(choices=RiskTarget.choices, required=False)
