from typing import Any

from rest_framework import serializers

from ccrhub.accounts.models import User
from ccrhub.lib.api import StrictInput
from ccrhub.partners.models import Representative


class MeSerializer(StrictInput, serializers.ModelSerializer[User]):
    """The signed-in user. Only `full_name` is writable: e-mail, agency, roles and staff
    status belong to administrators (S4), so anything else sent is ignored."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    agency = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    calendar_feed_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "agency", "roles", "calendar_feed_url"]
        read_only_fields = ["email"]
        # PATCH sends what changes; there is nothing else to send.
        extra_kwargs = {"full_name": {"required": False}}

    def get_agency(self, user: User) -> str | None:
        return str(user.agency.public_id) if user.agency else None

    def get_roles(self, user: User) -> list[dict[str, Any]]:
        reps = Representative.objects.filter(
            user=user, is_active=True, collaborative__is_active=True
        ).select_related("collaborative")
        return [
            {
                "collaborative": str(r.collaborative.public_id),
                "collaborative_name": r.collaborative.name,
                "role": r.role,
            }
            for r in reps
        ]

    def get_calendar_feed_url(self, user: User) -> str | None:
        from ccrhub.meetings.queries import calendar_feed_url

        return calendar_feed_url(user, self.context.get("request"))
