"""What every meeting action shares: the fields each edit may change and the checks
that a person or agency belongs to the collaborative."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.partners.models import Agency, AgencyMembership, Representative
from ccrhub.partners.queries import can

MEETING_CHANGES = frozenset(
    {"title", "starts_at", "duration_minutes", "location", "is_cancelled", "minutes_restricted"}
)
ACTION_CHANGES = frozenset({"title", "description", "owner_agency", "owner", "due_on"})
ACTION_STATUS_CHANGES = frozenset({"status", "status_note"})


def _require_manage(actor: User, collaborative_id: int) -> None:
    if not can(actor, "meetings.manage", collaborative_id):
        raise PermissionDenied


def _check_member(collaborative_id: int, *, user: User | None, field: str) -> None:
    """Owners of agenda items and actions are people with a role in the collaborative."""
    if user is None:
        return
    holds_role = Representative.objects.filter(
        collaborative_id=collaborative_id, user=user, is_active=True
    ).exists()
    if not holds_role:
        raise ValidationError({field: [_("This person has no role in the collaborative.")]})


def _check_agency(collaborative_id: int, agency: Agency) -> None:
    member = AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=agency, is_active=True
    )
    if not member.exists():
        raise ValidationError(
            {"owner_agency": [_("This agency is not a member of the collaborative.")]}
        )
