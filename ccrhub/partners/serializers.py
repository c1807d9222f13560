"""Representations for the API; explicit field lists, public UUIDs as `id`."""

from typing import Any

from rest_framework import serializers

from ccrhub.lib.api import StrictInput
from ccrhub.partners.models import Agency, Collaborative, Representative, Role


class CollaborativeSerializer(serializers.ModelSerializer[Collaborative]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    role = serializers.SerializerMethodField()
    agencies = serializers.SerializerMethodField()

    class Meta:
        model = Collaborative
        fields = [
            "id",
            "name",
            "kind",
            "parent",
            "area",
            "mission",
            "communities_served",
            "is_active",
            "role",
            "agencies",
            "created_at",
        ]
        read_only_fields = fields

    def _roles(self) -> dict[int, str]:
        return self.context.get("roles", {})

    def get_parent(self, collaborative: Collaborative) -> str | None:
        # The parent's id only when the caller belongs to it too: no hint of the rest.
        if collaborative.parent_id is None or collaborative.parent_id not in self._roles():
            return None
        return str(collaborative.parent.public_id)  # type: ignore[union-attr]

    def get_role(self, collaborative: Collaborative) -> str | None:
        return self._roles().get(collaborative.pk)

    def get_agencies(self, collaborative: Collaborative) -> list[str]:
        """Ids of the active member agencies (prefetched by the view)."""
        memberships: Any = getattr(collaborative, "active_memberships", [])
        return [str(m.agency.public_id) for m in memberships]


class AgencySerializer(serializers.ModelSerializer[Agency]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "short_code", "sector", "regime", "communities", "is_active"]
        read_only_fields = fields


class CoverageSectorSerializer(serializers.Serializer[Any]):
    sector = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    tier = serializers.ChoiceField(choices=["core", "often"])
    present = serializers.BooleanField()
    agencies = serializers.ListField(child=serializers.UUIDField())


class CoverageCommunitiesSerializer(serializers.Serializer[Any]):
    served = serializers.ListField(child=serializers.CharField())
    represented = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class CoverageSerializer(serializers.Serializer[Any]):
    """Documents the coverage answer (built by `coverage.coverage_as_dict`)."""

    collaborative = serializers.UUIDField()
    kind = serializers.CharField()
    sectors = CoverageSectorSerializer(many=True)
    present = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    missing_core = serializers.ListField(child=serializers.CharField())
    communities = CoverageCommunitiesSerializer()


class RoleGrantSerializer(StrictInput, serializers.Serializer[Any]):
    """A role to give: whose (a person offered on the grant page) and which."""

    user = serializers.UUIDField()
    role = serializers.ChoiceField(choices=Role.choices)


class RepresentativeSerializer(serializers.ModelSerializer[Representative]):
    """A role someone holds in a collaborative."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    user = serializers.UUIDField(source="user.public_id", read_only=True)
    collaborative = serializers.UUIDField(source="collaborative.public_id", read_only=True)

    class Meta:
        model = Representative
        fields = ["id", "user", "collaborative", "role", "granted_at"]
        read_only_fields = fields
