"""Meetings and series, and their agendas."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib.concurrency import save_if_current
from ccrhub.meetings import facilitation, recurrence
from ccrhub.meetings.actions.base import MEETING_CHANGES, _check_member, _require_manage
from ccrhub.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingSeries,
)
from ccrhub.partners.models import Collaborative


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


@transaction.atomic
def schedule(
    collaborative: Collaborative,
    *,
    title: str,
    starts_at: datetime.datetime,
    actor: User,
    rrule: str = "",
    duration_minutes: int = 90,
    location: str = "",
    minutes_restricted: bool = False,
) -> Meeting:
    """A one-off meeting, or with `rrule` a series: either way, the first meeting. A rule
    that gives no meeting in the window meetings are created for is refused, and
    nothing is kept (the page and the API both schedule through here)."""
    if not rrule:
        return schedule_meeting(
            collaborative,
            title=title,
            starts_at=starts_at,
            actor=actor,
            duration_minutes=duration_minutes,
            location=location,
            minutes_restricted=minutes_restricted,
        )
    series = create_series(
        collaborative,
        title=title,
        rrule=rrule,
        first_starts_at=starts_at,
        actor=actor,
        duration_minutes=duration_minutes,
        location=location,
    )
    first = series.meetings.order_by("starts_at").first()
    if first is None:
        raise ValidationError({"rrule": [_("The rule gives no meeting in the next six months.")]})
    return first


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
    save_if_current(meeting, version, {**changes, "sequence": F("sequence") + 1})
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
