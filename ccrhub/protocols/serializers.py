"""The API's view of protocols, versions and adoptions; explicit fields only (S4)."""

from typing import Any

from rest_framework import serializers

from ccrhub.lib.api import MAX_VERSION, StrictInput, VersionedPatch
from ccrhub.partners.models import Sector
from ccrhub.protocols.models import Adoption, Kind, Protocol, ProtocolVersion, Status


class ProtocolSerializer(serializers.ModelSerializer[Protocol]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Protocol
        fields = [
            "id",
            "collaborative",
            "kind",
            "title",
            "status",
            "review_due_on",
            "governed_stages",
            "current_version",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_current_version(self, protocol: Protocol) -> int | None:
        current = protocol.current_version
        return current.number if current is not None else None


class VersionSerializer(serializers.ModelSerializer[ProtocolVersion]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = ProtocolVersion
        fields = [
            "id",
            "number",
            "status",
            "text",
            "change_summary",
            "retraining_roles",
            "created_at",
            "adopted_at",
            "adopted_by_decision_id",
        ]
        read_only_fields = fields


class AdoptionSerializer(serializers.ModelSerializer[Adoption]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = Adoption
        fields = ["id", "version", "agency", "signer_name", "signer_title", "signed_at"]
        read_only_fields = fields


class _DraftFields(StrictInput, serializers.Serializer[Any]):
    text = serializers.CharField()
    change_summary = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    retraining_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False, default=list
    )


class ProtocolFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/protocols/`."""

    collaborative = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)


class AdoptionFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/protocols/{id}/adoptions`: the version in force unless
    another is named."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION, required=False)


class ProtocolCreateSerializer(_DraftFields):
    """POST {collaborative, kind, title, text, change_summary?, review_due_on?,
    governed_stages?, retraining_roles?}: a protocol with its first version, a draft."""

    collaborative = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=200)
    review_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    governed_stages = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list
    )


class ProtocolUpdateSerializer(VersionedPatch):
    """PATCH {version, title?, kind?, review_due_on?, governed_stages?, status?}; `status`
    moves the protocol on: in_review (submit the draft), adopted (adopt the version in
    review), retired."""

    title = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    review_due_on = serializers.DateField(required=False, allow_null=True)
    governed_stages = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False
    )
    status = serializers.ChoiceField(
        choices=[Status.IN_REVIEW, Status.ADOPTED, Status.RETIRED], required=False
    )


class VersionCreateSerializer(_DraftFields):
    """POST {version, text, change_summary?, retraining_roles?}: saves the working draft
    (or starts the next version); `version` is the protocol's, as read."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)


class AdoptionCreateSerializer(StrictInput, serializers.Serializer[Any]):
    """POST {agency, signer_name, signer_title}: the agency signs the version in force."""

    agency = serializers.UUIDField()
    signer_name = serializers.CharField(max_length=200)
    signer_title = serializers.CharField(max_length=200)
