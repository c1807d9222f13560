"""Fetch and authorise meetings and action items.

What a user may not see answers exactly like what does not exist (404, S3); what they
may see but not change answers 403. Restricted minutes are a further rule on a visible
meeting: read only by the agencies that attended, and by those who manage meetings.
"""

from typing import Any

from ccrhub.lib import sittings
from ccrhub.lib.access import access_scoped, holds, require_collaboratives
from ccrhub.lib.sittings import Permissions
from ccrhub.meetings.models import (
    ActionItem,
    Decision,
    Meeting,
    ParticipationRecord,
    TrainingSession,
)
from ccrhub.partners.models import AgencyMembership, Representative
from ccrhub.partners.roles import role_can

VIEW = "meetings.view"
MANAGE = "meetings.manage"
SITTINGS = Permissions(view=VIEW, manage=MANAGE)


def require_meetings_role(user: Any, permission: str = VIEW) -> list[int]:
    """Ids of the collaboratives where the user's role grants `permission`; 403 if none."""
    return require_collaboratives(user, permission)


def access_meeting(user: Any, public_id: Any, *, permission: str = VIEW) -> Meeting:
    """The meeting, if the user may see meetings of its collaborative; 403 if visible but
    `permission` is not theirs there."""
    meetings = Meeting.objects.select_related("collaborative", "series")
    return access_scoped(meetings, user, public_id, permission=VIEW, write=True, writes=permission)


def access_training_session(
    user: Any, public_id: Any, *, permission: str = VIEW
) -> TrainingSession:
    """A cross-training session, for people who see the collaborative's meetings."""
    sessions = TrainingSession.objects.select_related("collaborative", "agency")
    return access_scoped(sessions, user, public_id, permission=VIEW, write=True, writes=permission)


def access_participation_record(user: Any, public_id: Any) -> ParticipationRecord:
    """Stipend records: only for those who manage the collaborative's foundations."""
    rows = ParticipationRecord.objects.select_related("participant__collaborative")
    return access_scoped(
        rows,
        user,
        public_id,
        permission="foundations.manage",
        scope="participant__collaborative_id",
    )


def manages(user: Any, meeting: Meeting) -> bool:
    return holds(user, MANAGE, meeting.collaborative_id)


def attending_agency_ids(meeting: Meeting) -> set[int]:
    """Agencies with at least one person present (observers and apologies do not count)."""
    # Through the related manager, so a prefetched list (API lists) costs no query.
    return sittings.attending_agency_ids(meeting.attendance.all())


def may_read_minutes(user: Any, meeting: Meeting) -> bool:
    """Drafts are for those who manage meetings; approved minutes for every member,
    unless restricted: then for the agencies that attended (`ccrhub.lib.sittings`)."""
    minutes = sittings.Minutes(
        collaborative_id=meeting.collaborative_id,
        released=meeting.minutes_approved,
        restricted=meeting.minutes_restricted,
        attendance=meeting.attendance.all(),
    )
    return sittings.may_read_minutes(user, minutes, SITTINGS)


def may_update_action(user: Any, item: ActionItem) -> bool:
    """Its status: the coordinator, or the staff of the owning agency."""
    return sittings.may_update_action(
        user,
        collaborative_id=item.collaborative_id,
        owner_agency_id=item.owner_agency_id,
        permissions=SITTINGS,
    )


def access_action_item(user: Any, public_id: Any, *, write: bool = False) -> ActionItem:
    """An action item of a collaborative whose meetings the user sees; writing (its status)
    is for the owning agency and the coordinator."""
    items = ActionItem.objects.for_list()
    return access_scoped(
        items, user, public_id, permission=VIEW, write=write, writes=may_update_action
    )


def access_decision(user: Any, public_id: Any, *, permission: str = VIEW) -> Decision:
    """A decision of a collaborative whose meetings the user sees (404 otherwise); 403 if
    visible but `permission` is not theirs there."""
    decisions = Decision.objects.select_related("collaborative", "meeting", "agenda_item")
    return access_scoped(decisions, user, public_id, permission=VIEW, write=True, writes=permission)


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
    if role is None or not role_can(role, VIEW):
        return False
    return not decision.per_agency or voting_agency_id(user, decision) is not None
