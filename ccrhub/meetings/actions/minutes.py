"""Attendance and minutes."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib.concurrency import StaleVersion, save_if_current
from ccrhub.meetings.actions.base import _require_manage
from ccrhub.meetings.actions.schedule import _touch, update_meeting
from ccrhub.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MinutesStatus,
)
from ccrhub.partners.models import Representative


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
    save_if_current(
        meeting,
        version,
        {"minutes": text, "minutes_restricted": restricted},
        where={"minutes_status": MinutesStatus.DRAFT},
    )
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
    save_if_current(
        meeting,
        version,
        {
            "minutes_status": MinutesStatus.APPROVED,
            "minutes_approved_at": now,
            "minutes_approved_by": actor,
            "updated_at": now,
        },
        where={"minutes_status": MinutesStatus.DRAFT},
    )
    meeting.refresh_from_db()
    record(actor=actor, action="minutes.approved", target=meeting)
    return meeting


@transaction.atomic
def change_meeting(
    meeting: Meeting,
    *,
    version: int,
    changes: dict[str, Any],
    actor: User,
    minutes: str | None = None,
    approve: bool = False,
) -> Meeting:
    """Details, then minutes, then approval, as one step: each checks the version the
    previous step left and the first the caller's, so a stale or refused change
    changes nothing."""
    if meeting.version != version:
        raise StaleVersion
    if changes:
        meeting = update_meeting(meeting, version=version, changes=changes, actor=actor)
    if minutes is not None:
        meeting = save_minutes(
            meeting,
            version=meeting.version,
            text=minutes,
            restricted=meeting.minutes_restricted,
            actor=actor,
        )
    if approve:
        meeting = approve_minutes(meeting, version=meeting.version, actor=actor)
    return meeting
