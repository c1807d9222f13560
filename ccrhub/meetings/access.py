"""Fetch and authorise meetings and action items.

What a user may not see answers exactly like what does not exist (404, S3); what they
may see but not change answers 403. Restricted minutes are a further rule on a visible
meeting: read only by the agencies that attended, and by those who manage meetings.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.lib.ids import parse_public_id
from ccrhub.meetings.models import (
    ActionItem,
    AttendanceStatus,
    Decision,
    Meeting,
    ParticipationRecord,
    TrainingSession,
)
from ccrhub.partners.models import AgencyMembership, Representative
from ccrhub.partners.queries import active_roles, can, collaborative_ids_with
from ccrhub.partners.roles import role_can


def require_meetings_role(user: Any, permission: str = "meetings.view") -> list[int]:
    """Ids of the collaboratives where the user's role grants `permission`; 403 if none."""
    ids = collaborative_ids_with(user, permission)
    if not ids:
        raise PermissionDenied
    return ids


def access_meeting(user: Any, public_id: Any, *, permission: str = "meetings.view") -> Meeting:
    """The meeting, if the user may see meetings of its collaborative; 403 if visible but
    `permission` is not theirs there."""
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    meeting = (
        Meeting.objects.select_related("collaborative", "series").filter(public_id=key).first()
    )
    role = roles.get(meeting.collaborative_id) if meeting is not None else None
    if meeting is None or role is None or not role_can(role, "meetings.view"):
        raise Http404
    if not role_can(role, permission):
        raise PermissionDenied
    return meeting


def access_training_session(
    user: Any, public_id: Any, *, permission: str = "meetings.view"
) -> TrainingSession:
    """A cross-training session, for people who see the collaborative's meetings."""
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    session = (
        TrainingSession.objects.select_related("collaborative", "agency")
        .filter(public_id=key)
        .first()
    )
    role = roles.get(session.collaborative_id) if session is not None else None
    if session is None or role is None or not role_can(role, "meetings.view"):
        raise Http404
    if not role_can(role, permission):
        raise PermissionDenied
    return session


def access_participation_record(user: Any, public_id: Any) -> ParticipationRecord:
    """Stipend records: only for those who manage the collaborative's foundations."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    row = (
        ParticipationRecord.objects.select_related("participant__collaborative")
        .filter(public_id=key)
        .first()
    )
    role = roles.get(row.participant.collaborative_id) if row is not None else None
    if row is None or role is None or not role_can(role, "foundations.manage"):
        raise Http404
    return row


def manages(user: Any, meeting: Meeting) -> bool:
    return can(user, "meetings.manage", meeting.collaborative_id)


def attending_agency_ids(meeting: Meeting) -> set[int]:
    """Agencies with at least one person present (observers and apologies do not count)."""
    # Through the related manager, so a prefetched list (API lists) costs no query.
    return {
        row.agency_id
        for row in meeting.attendance.all()
        if row.status == AttendanceStatus.PRESENT and row.agency_id is not None
    }


def may_read_minutes(user: Any, meeting: Meeting) -> bool:
    """Drafts are for those who manage meetings; approved minutes for every member,
    unless restricted: then for the agencies that attended."""
    if manages(user, meeting):
        return True
    if not meeting.minutes_approved:
        return False
    if not meeting.minutes_restricted:
        return True
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and agency_id in attending_agency_ids(meeting)


def may_update_action(user: Any, item: ActionItem) -> bool:
    """Its status: the coordinator, the owner, or a colleague of the owning agency."""
    if can(user, "meetings.manage", item.collaborative_id):
        return True
    if item.owner_id is not None and item.owner_id == user.pk:
        return True
    return getattr(user, "agency_id", None) == item.owner_agency_id


def access_action_item(user: Any, public_id: Any, *, write: bool = False) -> ActionItem:
    """An action item of a collaborative whose meetings the user sees; writing (its status)
    is for the owner, the owning agency and the coordinator."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    item = ActionItem.objects.for_list().filter(public_id=key).first()
    role = roles.get(item.collaborative_id) if item is not None else None
    if item is None or role is None or not role_can(role, "meetings.view"):
        raise Http404
    if write and not may_update_action(user, item):
        raise PermissionDenied
    return item


def access_decision(user: Any, public_id: Any, *, permission: str = "meetings.view") -> Decision:
    """A decision of a collaborative whose meetings the user sees (404 otherwise); 403 if
    visible but `permission` is not theirs there."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    decision = (
        Decision.objects.select_related("collaborative", "meeting", "agenda_item")
        .filter(public_id=key)
        .first()
    )
    role = roles.get(decision.collaborative_id) if decision is not None else None
    if decision is None or role is None or not role_can(role, "meetings.view"):
        raise Http404
    if not role_can(role, permission):
        raise PermissionDenied
    return decision


def voting_agency_id(user: Any, decision: Decision) -> int | None:
    """The agency a per-agency ballot by this user counts for: their employer, if it is
    an active member of the collaborative."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return None
    member = AgencyMembership.objects.filter(
        collaborative_id=decision.collaborative_id, agency_id=agency_id, is_active=True
    ).exists()
    return agency_id if member else None


def is_eligible_voter(user: Any, decision: Decision) -> bool:
    """Members of the collaborative vote (a role that sees its meetings); on per-agency
    decisions, only on behalf of a member agency."""
    role = (
        Representative.objects.filter(
            collaborative_id=decision.collaborative_id, user_id=user.pk, is_active=True
        )
        .values_list("role", flat=True)
        .first()
    )
    if role is None or not role_can(role, "meetings.view"):
        return False
    return not decision.per_agency or voting_agency_id(user, decision) is not None
