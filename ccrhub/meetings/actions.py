"""State changes of meetings, agendas, attendance, minutes, action items and calendar
feeds; each audited in the transaction that makes it. Audit details hold ids and
counts only: titles, minutes and comments never enter the trail."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.meetings import adoption, facilitation, recurrence
from ccrhub.meetings.access import is_eligible_voter, voting_agency_id
from ccrhub.meetings.calendar import feed_token, new_salt, token_digest
from ccrhub.meetings.models import (
    CLOSED_STATUSES,
    ActionItem,
    ActionItemComment,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Ballot,
    CalendarFeed,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Meeting,
    MeetingSeries,
    MinutesStatus,
    Tally,
    VoteChoice,
    VotingUnit,
)
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Representative
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


# ---------------------------------------------------------------------------
# Meetings and series
# ---------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    collaborative: Collaborative,
    *,
    title: str,
    starts_at: datetime.datetime,
    actor: User,
    duration_minutes: int = 90,
    location: str = "",
    minutes_restricted: bool = False,
) -> Meeting:
    """A one-off meeting."""
    _require_manage(actor, collaborative.pk)
    meeting = Meeting.objects.create(
        collaborative=collaborative,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        minutes_restricted=minutes_restricted,
        created_by=actor,
    )
    record(actor=actor, action="meeting.scheduled", target=meeting)
    return meeting


@transaction.atomic
def create_series(
    collaborative: Collaborative,
    *,
    title: str,
    rrule: str,
    first_starts_at: datetime.datetime,
    actor: User,
    duration_minutes: int = 90,
    location: str = "",
    now: datetime.datetime | None = None,
) -> MeetingSeries:
    """A recurring meeting and its occurrences up to the materialisation horizon."""
    _require_manage(actor, collaborative.pk)
    try:
        recurrence.parse(rrule, first_starts_at)
    except recurrence.InvalidRule as error:
        raise ValidationError({"rrule": [str(error)]}) from None
    series = MeetingSeries.objects.create(
        collaborative=collaborative,
        title=title,
        rrule=rrule,
        first_starts_at=first_starts_at,
        duration_minutes=duration_minutes,
        location=location,
        created_by=actor,
    )
    created = materialise(series, until=recurrence.horizon(now), actor=actor)
    record(
        actor=actor,
        action="meeting.series_created",
        target=series,
        details={"occurrences": len(created)},
    )
    return series


def materialise(
    series: MeetingSeries, *, until: datetime.datetime, actor: User | None = None
) -> list[Meeting]:
    """Create the series' meetings from its first start to `until` that do not exist yet
    (idempotent: one meeting per series and start)."""
    starts = recurrence.occurrences(
        series.rrule, series.first_starts_at, after=series.first_starts_at, before=until
    )
    existing = set(
        Meeting.objects.filter(series=series, starts_at__in=starts).values_list(
            "starts_at", flat=True
        )
    )
    return Meeting.objects.bulk_create(
        Meeting(
            collaborative_id=series.collaborative_id,
            series=series,
            title=series.title,
            starts_at=start,
            duration_minutes=series.duration_minutes,
            location=series.location,
            created_by=actor,
        )
        for start in starts
        if start not in existing
    )


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, version: int, changes: dict[str, Any], actor: User
) -> Meeting:
    """Apply allow-listed changes if `version` is current; a stale version raises."""
    _require_manage(actor, meeting.collaborative_id)
    unknown = set(changes) - MEETING_CHANGES
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    updated = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        version=version + 1, sequence=F("sequence") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise StaleVersion
    meeting.refresh_from_db()
    record(
        actor=actor, action="meeting.updated", target=meeting, details={"fields": sorted(changes)}
    )
    return meeting


def _touch(meeting: Meeting) -> None:
    """An agenda or attendance change: the meeting's version moves on (a form open on the
    old one will say so) and calendar clients see a new sequence."""
    Meeting.objects.filter(pk=meeting.pk).update(
        version=F("version") + 1, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    meeting.refresh_from_db(fields=["version", "sequence", "updated_at"])


# ---------------------------------------------------------------------------
# Agenda
# ---------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    title: str,
    actor: User,
    owner: User | None = None,
    minutes: int = 10,
    prompts: Sequence[str] = (),
    template_key: str = "",
) -> AgendaItem:
    _require_manage(actor, meeting.collaborative_id)
    _check_member(meeting.collaborative_id, user=owner, field="owner")
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title,
        owner=owner,
        minutes=minutes,
        prompts=list(prompts),
        template_key=template_key,
    )
    _touch(meeting)
    record(
        actor=actor,
        action="agenda.item_added",
        target=meeting,
        details={"item": str(item.public_id), "template": template_key},
    )
    return item


def add_template_to_agenda(
    meeting: Meeting, *, key: str, actor: User, owner: User | None = None
) -> AgendaItem:
    """Drop a facilitation template (its title, time and questions) into the agenda."""
    template = facilitation.get(key)
    if template is None:
        raise ValidationError({"template": [_("No such facilitation template.")]})
    return add_agenda_item(
        meeting,
        title=template.title,
        minutes=template.minutes,
        prompts=template.prompts,
        template_key=template.key,
        owner=owner,
        actor=actor,
    )


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, actor: User) -> None:
    meeting = item.meeting
    _require_manage(actor, meeting.collaborative_id)
    public_id = str(item.public_id)
    item.delete()
    _touch(meeting)
    record(actor=actor, action="agenda.item_removed", target=meeting, details={"item": public_id})


# ---------------------------------------------------------------------------
# Attendance and minutes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    user: User
    status: str  # an AttendanceStatus, or "" for "not recorded"
    confidentiality_signed: bool = False


@transaction.atomic
def record_attendance(
    meeting: Meeting, *, entries: Iterable[AttendanceEntry], actor: User
) -> dict[str, int]:
    """Set who was present, sent apologies or observed; "" removes a person's row.

    People are those with a role in the collaborative; each counts for their agency.
    """
    _require_manage(actor, meeting.collaborative_id)
    entries = list(entries)
    allowed = set(
        Representative.objects.filter(
            collaborative_id=meeting.collaborative_id, is_active=True
        ).values_list("user_id", flat=True)
    )
    for entry in entries:
        if entry.user.pk not in allowed:
            raise ValidationError({"attendance": [_("Someone listed has no role here.")]})
        if entry.status and entry.status not in AttendanceStatus.values:
            raise ValidationError({"attendance": [_("Not an attendance status.")]})
    Attendance.objects.filter(
        meeting=meeting, user_id__in=[e.user.pk for e in entries if not e.status]
    ).delete()
    for entry in entries:
        if entry.status:
            Attendance.objects.update_or_create(
                meeting=meeting,
                user=entry.user,
                defaults={
                    "agency_id": entry.user.agency_id,
                    "status": entry.status,
                    "confidentiality_signed": entry.confidentiality_signed,
                },
            )
    counts = {status: 0 for status in AttendanceStatus.values}
    for status in Attendance.objects.filter(meeting=meeting).values_list("status", flat=True):
        counts[status] += 1
    signed = Attendance.objects.filter(meeting=meeting, confidentiality_signed=True).count()
    _touch(meeting)
    record(
        actor=actor,
        action="meeting.attendance_recorded",
        target=meeting,
        details={**counts, "confidentiality_signed": signed},
    )
    return counts


@transaction.atomic
def save_minutes(
    meeting: Meeting, *, version: int, text: str, restricted: bool, actor: User
) -> Meeting:
    """Save the draft minutes. A stale version raises and changes nothing, so a second
    editor's text is not lost: the form gives it back with the conflict."""
    _require_manage(actor, meeting.collaborative_id)
    if meeting.minutes_approved:
        raise ValidationError({"minutes": [_("Approved minutes are not edited.")]})
    updated = Meeting.objects.filter(
        pk=meeting.pk, version=version, minutes_status=MinutesStatus.DRAFT
    ).update(
        version=version + 1, minutes=text, minutes_restricted=restricted, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion
    meeting.refresh_from_db()
    record(
        actor=actor,
        action="minutes.saved",
        target=meeting,
        details={"restricted": restricted, "length": len(text)},
    )
    return meeting


@transaction.atomic
def approve_minutes(meeting: Meeting, *, version: int, actor: User) -> Meeting:
    """Draft → approved, for the version the approver read."""
    _require_manage(actor, meeting.collaborative_id)
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": [_("There are no minutes to approve.")]})
    now = timezone.now()
    updated = Meeting.objects.filter(
        pk=meeting.pk, version=version, minutes_status=MinutesStatus.DRAFT
    ).update(
        version=version + 1,
        minutes_status=MinutesStatus.APPROVED,
        minutes_approved_at=now,
        minutes_approved_by=actor,
        updated_at=now,
    )
    if not updated:
        raise StaleVersion
    meeting.refresh_from_db()
    record(actor=actor, action="minutes.approved", target=meeting)
    return meeting


# ---------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------


def _check_owner(collaborative_id: int, *, owner_agency: Agency, owner: User | None) -> None:
    _check_agency(collaborative_id, owner_agency)
    _check_member(collaborative_id, user=owner, field="owner")
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ValidationError({"owner": [_("The owner works for another agency.")]})


@transaction.atomic
def create_action_item(
    collaborative: Collaborative,
    *,
    title: str,
    owner_agency: Agency,
    due_on: datetime.date,
    actor: User,
    owner: User | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    description: str = "",
) -> ActionItem:
    """An action agreed at a meeting (perhaps out of one of its agenda discussions)."""
    _require_manage(actor, collaborative.pk)
    if meeting is not None and meeting.collaborative_id != collaborative.pk:
        raise ValidationError({"meeting": [_("The meeting belongs to another collaborative.")]})
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": [_("This item is not on the meeting's agenda.")]})
    _check_owner(collaborative.pk, owner_agency=owner_agency, owner=owner)
    item = ActionItem.objects.create(
        collaborative=collaborative,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="action_item.created",
        target=item,
        details={
            "meeting": str(meeting.public_id) if meeting else "",
            "agenda_item": str(agenda_item.public_id) if agenda_item else "",
        },
    )
    return item


@transaction.atomic
def update_action_item(
    item: ActionItem, *, version: int, changes: dict[str, Any], actor: User
) -> ActionItem:
    """Allow-listed changes for the version read. The status (and its note) may be set by
    the owner and the owning agency; everything else only by the coordinator."""
    from ccrhub.meetings.access import may_update_action

    unknown = set(changes) - ACTION_CHANGES - ACTION_STATUS_CHANGES
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if set(changes) - ACTION_STATUS_CHANGES:
        _require_manage(actor, item.collaborative_id)
    elif not may_update_action(actor, item):
        raise PermissionDenied
    if "status" in changes and changes["status"] not in ActionStatus.values:
        raise ValidationError({"status": [_("Not a status of an action item.")]})
    if "owner_agency" in changes or "owner" in changes:
        _check_owner(
            item.collaborative_id,
            owner_agency=changes.get("owner_agency", item.owner_agency),
            owner=changes.get("owner", item.owner),
        )
    fields = dict(changes)
    if "status" in fields:
        fields["closed_at"] = timezone.now() if fields["status"] in CLOSED_STATUSES else None
    updated = ActionItem.objects.filter(pk=item.pk, version=version).update(
        version=version + 1, **fields
    )
    if not updated:
        raise StaleVersion
    item.refresh_from_db()
    record(
        actor=actor,
        action="action_item.updated",
        target=item,
        details={"fields": sorted(changes), "status": item.status},
    )
    return item


@transaction.atomic
def comment_on_action_item(item: ActionItem, *, body: str, actor: User) -> ActionItemComment:
    if not can(actor, "meetings.view", item.collaborative_id):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": [_("Write a comment.")]})
    comment = ActionItemComment.objects.create(action_item=item, author=actor, body=body)
    record(actor=actor, action="action_item.commented", target=item)
    return comment


# ---------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------


@transaction.atomic
def create_calendar_feed(user: User, *, actor: User) -> tuple[CalendarFeed, str]:
    """A new secret feed address for `user`; any earlier one stops working."""
    if actor.pk != user.pk:
        raise PermissionDenied
    for old in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
        revoke_calendar_feed(old, actor=actor)
    feed = CalendarFeed(user=user, salt=new_salt())
    token = feed_token(feed)
    feed.digest = token_digest(token)
    feed.save()
    record(actor=actor, action="calendar_feed.created", target=feed)
    return feed, token


@transaction.atomic
def revoke_calendar_feed(feed: CalendarFeed, *, actor: User) -> None:
    if actor.pk != feed.user_id:
        raise PermissionDenied
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(actor=actor, action="calendar_feed.revoked", target=feed)


# ---------------------------------------------------------------------------
# Decisions and votes
# ---------------------------------------------------------------------------


class AlreadyVoted(Exception):
    """This person, or on a per-agency decision a colleague, has already voted."""


def _check_decision_place(
    collaborative: Collaborative, meeting: Meeting | None, agenda_item: AgendaItem | None
) -> None:
    if meeting is not None and meeting.collaborative_id != collaborative.pk:
        raise ValidationError({"meeting": [_("This meeting belongs to another collaborative.")]})
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": [_("This item is not on the meeting's agenda.")]})


@transaction.atomic
def create_decision(
    collaborative: Collaborative,
    *,
    title: str,
    actor: User,
    text: str = "",
    voting_unit: str = VotingUnit.AGENCY,
    anonymous: bool = False,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """A draft proposal; members vote once the coordinator opens it."""
    _require_manage(actor, collaborative.pk)
    _check_decision_place(collaborative, meeting, agenda_item)
    decision = Decision.objects.create(
        collaborative=collaborative,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        text=text,
        voting_unit=VotingUnit(voting_unit),
        anonymous=anonymous,
        created_by=actor,
    )
    record(
        actor=actor,
        action="decision.created",
        target=decision,
        details={"voting_unit": decision.voting_unit, "anonymous": anonymous},
    )
    return decision


def _locked(decision: Decision) -> Decision:
    """The decision row, locked until the transaction ends, so opening, voting and closing
    see one another's effects in order."""
    return Decision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def open_decision(decision: Decision, *, actor: User) -> Decision:
    _require_manage(actor, decision.collaborative_id)
    locked = _locked(decision)
    if locked.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Only a draft decision can be opened."))
    # Every counter exists from the start: no row appears when (or because) someone votes.
    Tally.objects.bulk_create(Tally(decision=locked, choice=choice) for choice in VoteChoice)
    locked.status = DecisionStatus.OPEN
    locked.opened_at = timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    record(actor=actor, action="decision.opened", target=locked)
    decision.status, decision.opened_at = locked.status, locked.opened_at
    return locked


@transaction.atomic
def cast_vote(decision: Decision, *, choice: str, actor: User) -> Ballot:
    """One ballot per eligible voter (per agency on per-agency decisions).

    The ballot records who voted; on anonymous decisions what they chose goes only into
    the tally counter, and the audit trail says that a vote was cast, not which.
    """
    locked = _locked(decision)
    if not locked.is_open:
        raise ValidationError(_("This decision is not open for votes."))
    if not is_eligible_voter(actor, locked):
        raise PermissionDenied
    option = VoteChoice(choice)
    agency_id = voting_agency_id(actor, locked) if locked.per_agency else None
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                decision=locked,
                voter=actor,
                agency_id=agency_id,
                choice="" if locked.anonymous else option,
            )
    except IntegrityError:
        raise AlreadyVoted from None
    Tally.objects.filter(decision=locked, choice=option).update(count=F("count") + 1)
    details: dict[str, Any] = {"per_agency": locked.per_agency}
    if not locked.anonymous:
        details["choice"] = option.value
    record(actor=actor, action="decision.vote_cast", target=locked, details=details)
    return ballot


@transaction.atomic
def close_decision(
    decision: Decision,
    *,
    outcome: str,
    actor: User,
    outcome_note: str = "",
    adopted_reference: str = "",
    adopts: adoption.Adoptable | None = None,
) -> Decision:
    """Stop the vote and record its outcome; the results become visible to members.

    `adopts` links the decision to what it adopted (a mission or protocol version of the
    same collaborative). When the outcome is "adopted", `meetings.adoption.adopt` puts the
    target in force, in this transaction.
    """
    _require_manage(actor, decision.collaborative_id)
    locked = _locked(decision)
    if not locked.is_open:
        raise ValidationError(_("Only an open decision can be closed."))
    if adopts is not None and adopts.collaborative_id != locked.collaborative_id:
        raise ValidationError({"adopts": [_("That belongs to another collaborative.")]})
    locked.status = DecisionStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.outcome = DecisionOutcome(outcome)
    locked.outcome_note = outcome_note
    locked.adopted_reference = adopted_reference
    locked.adopted = adopts
    locked.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_by",
            "outcome",
            "outcome_note",
            "adopted_reference",
            "adopted_type",
            "adopted_id",
        ]
    )
    details: dict[str, Any] = {"outcome": locked.outcome}
    if adopts is not None:
        details["adopts"] = adoption.describe(adopts)
    record(actor=actor, action="decision.closed", target=locked, details=details)
    if adopts is not None and locked.outcome == DecisionOutcome.ADOPTED:
        adoption.adopt(adopts, decision=locked)
    decision.status, decision.outcome = locked.status, locked.outcome
    return locked
