"""Conferences: scheduling, the agenda, research returns, discussion, actions,
attendance, minutes and closing."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.highrisk import queries
from ccrhub.highrisk.access import (
    MANAGE,
    may_submit_returns,
    may_update_action,
)
from ccrhub.highrisk.actions.referrals import _is_member
from ccrhub.highrisk.models import (
    Action,
    ActionStatus,
    Attendance,
    Cadence,
    Conference,
    ConferenceCase,
    ConferenceStatus,
    Referral,
    ReferralStatus,
    ResearchReturn,
)
from ccrhub.lib.concurrency import save_if_current
from ccrhub.partners.models import (
    Agency,
    Collaborative,
    CollaborativeKind,
)
from ccrhub.partners.queries import can


@transaction.atomic
def schedule_conference(
    collaborative: Collaborative, *, held_on: datetime.date, cadence: str, actor: User
) -> Conference:
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    if collaborative.kind != CollaborativeKind.MARAC:
        raise ValidationError({"collaborative": [_("Choose a high-risk team.")]})
    if cadence not in Cadence.values:
        raise ValidationError({"cadence": [_("Choose a cadence.")]})
    conference = Conference.objects.create(
        collaborative=collaborative, held_on=held_on, cadence=cadence, created_by=actor
    )
    record(
        actor=actor,
        action="highrisk.conference_scheduled",
        target=conference,
        details={"cadence": cadence},
    )
    return conference


def _check_manage(conference: Conference, actor: User) -> None:
    if not can(actor, MANAGE, conference.collaborative_id):
        raise PermissionDenied


@transaction.atomic
def build_agenda(conference: Conference, *, actor: User) -> list[ConferenceCase]:
    """List every referral awaiting a conference and order the whole agenda: children's
    cases first, then repeats, then by the date referred."""
    _check_manage(conference, actor)
    waiting = queries.awaiting_listing(conference)
    for referral in waiting:
        ConferenceCase.objects.get_or_create(
            conference=conference,
            referral=referral,
            defaults={
                "has_children": referral.has_children,
                "is_repeat": referral.is_repeat,
                "previous_over_12_months": referral.previous_over_12_months,
            },
        )
    Referral.objects.filter(pk__in=[r.pk for r in waiting]).update(
        status=ReferralStatus.LISTED, updated_at=timezone.now()
    )
    entries = list(ConferenceCase.objects.filter(conference=conference).select_related("referral"))
    entries.sort(key=lambda entry: queries.agenda_sort_key(entry.referral))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    ConferenceCase.objects.bulk_update(entries, ["position"])
    record(
        actor=actor,
        action="highrisk.agenda_built",
        target=conference,
        details={"added": len(waiting), "cases": len(entries)},
    )
    return entries


@transaction.atomic
def submit_return(
    entry: ConferenceCase, *, actor: User, content: str, nothing_known: bool = False
) -> ResearchReturn:
    """The actor's agency's research for one case (replacing an earlier one)."""
    conference = entry.conference
    if not may_submit_returns(actor, conference):
        raise PermissionDenied
    if not content.strip() and not nothing_known:
        raise ValidationError(
            {"content": [_("Write what your agency holds, or tick nothing known.")]}
        )
    research, created = ResearchReturn.objects.update_or_create(
        conference_case=entry,
        agency_id=actor.agency_id,
        defaults={
            "content": content,
            "nothing_known": nothing_known,
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
    )
    record(
        actor=actor,
        action="highrisk.return_submitted",
        target=conference,
        details={"case": entry.pk, "agency": actor.agency_id, "replaced": not created},
    )
    return research


@transaction.atomic
def record_discussion(entry: ConferenceCase, *, seconds: int | None, actor: User) -> ConferenceCase:
    _check_manage(entry.conference, actor)
    entry.discussed = True
    entry.seconds_spent = seconds if seconds is None or seconds >= 0 else None
    entry.save(update_fields=["discussed", "seconds_spent"])
    record(
        actor=actor,
        action="highrisk.case_discussed",
        target=entry.conference,
        details={"case": entry.pk, "seconds": entry.seconds_spent},
    )
    return entry


@transaction.atomic
def record_action(
    entry: ConferenceCase,
    *,
    actor: User,
    owner_agency: Agency,
    risk_target: str,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
) -> Action:
    """A SMART action agreed at the meeting for this case."""
    conference = entry.conference
    _check_manage(conference, actor)
    if not _is_member(conference.collaborative_id, owner_agency.pk):
        raise ValidationError({"owner_agency": [_("This agency is not a member of the team.")]})
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ValidationError({"owner": [_("The owner works for another agency.")]})
    if not description.strip():
        raise ValidationError({"description": [_("Say what will be done.")]})
    if due_on < conference.held_on:
        raise ValidationError({"due_on": [_("An action cannot be due before the meeting.")]})
    action = Action.objects.create(
        conference_case=entry,
        owner_agency=owner_agency,
        owner=owner,
        risk_target=risk_target,
        description=description,
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="highrisk.action_recorded",
        target=conference,
        details={"action": action.pk, "risk_target": risk_target, "agency": owner_agency.pk},
    )
    return action


ACTION_CHANGES = frozenset(
    {"status", "status_note", "due_on", "description", "owner", "risk_target"}
)
OWNER_CHANGES = frozenset({"status", "status_note"})


@transaction.atomic
def update_action(action: Action, *, version: int, changes: dict[str, Any], actor: User) -> Action:
    """Report on an action (its owner agency: status and note) or change it (the
    coordinator: anything in `ACTION_CHANGES`)."""
    if not may_update_action(actor, action):
        raise PermissionDenied
    unknown = set(changes) - ACTION_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    collaborative_id = action.conference_case.conference.collaborative_id
    if not can(actor, MANAGE, collaborative_id) and set(changes) - OWNER_CHANGES:
        raise PermissionDenied
    # Checked against the version read: the write below only lands on that version.
    status = changes.get("status", action.status)
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if (
        status in {ActionStatus.NOT_POSSIBLE, ActionStatus.NOT_DONE}
        and not str(changes.get("status_note", action.status_note)).strip()
    ):
        raise ValidationError({"status_note": [_("Say why the action was not completed.")]})
    written = dict(changes)
    if "status" in changes:
        written["completed_at"] = timezone.now() if status == ActionStatus.COMPLETE else None
    save_if_current(action, version, written)
    record(
        actor=actor,
        action="highrisk.action_updated",
        target=action.conference_case.conference,
        details={"action": action.pk, "fields": sorted(changes), "status": status},
    )
    return action


@transaction.atomic
def record_attendance(
    conference: Conference,
    *,
    actor: User,
    agency: Agency,
    person_name: str,
    kind: str,
    confidentiality_signed: bool,
) -> Attendance:
    """Who attended; nobody attends without signing the confidentiality statement."""
    _check_manage(conference, actor)
    if not confidentiality_signed:
        raise ValidationError(
            {"confidentiality_signed": [_("Everyone present signs the confidentiality statement.")]}
        )
    if kind == "member" and not _is_member(conference.collaborative_id, agency.pk):
        raise ValidationError(
            {"agency": [_("Only member agencies attend; record others as observers.")]}
        )
    attendance = Attendance.objects.create(
        conference=conference,
        agency=agency,
        person_name=person_name,
        kind=kind,
        confidentiality_signed=True,
    )
    record(
        actor=actor,
        action="highrisk.attendance_recorded",
        target=conference,
        details={"agency": agency.pk, "kind": kind},
    )
    return attendance


@transaction.atomic
def save_minutes(conference: Conference, *, version: int, text: str, actor: User) -> Conference:
    _check_manage(conference, actor)
    save_if_current(conference, version, {"minutes": text})
    record(actor=actor, action="highrisk.minutes_saved", target=conference)
    return conference


@transaction.atomic
def close_conference(conference: Conference, *, actor: User) -> Conference:
    """The meeting was held: its listed referrals are heard."""
    _check_manage(conference, actor)
    conference.status = ConferenceStatus.HELD
    conference.version += 1
    conference.save(update_fields=["status", "version"])
    heard = Referral.objects.filter(
        listings__conference=conference, status=ReferralStatus.LISTED
    ).update(status=ReferralStatus.HEARD, updated_at=timezone.now())
    record(
        actor=actor, action="highrisk.conference_held", target=conference, details={"heard": heard}
    )
    return conference
