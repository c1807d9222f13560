from typing import Any

from rest_framework import serializers

from ccrhub.accounts.models import User
from ccrhub.partners.models import Representative


class MeSerializer(serializers.ModelSerializer[User]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    agency = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "agency", "roles"]
        read_only_fields = ["email"]

    def get_agency(self, user: User) -> str | None:
        return str(user.agency.public_id) if user.agency else None

    def get_roles(self, user: User) -> list[dict[str, Any]]:
        reps = Representative.objects.filter(user=user, is_active=True).select_related(
            "collaborative"
        )
        return [{"collaborative": str(r.collaborative.public_id), "role": r.role} for r in reps]
