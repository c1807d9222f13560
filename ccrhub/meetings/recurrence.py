"""Recurrence rules (RFC 5545 RRULE, read by python-dateutil) and their occurrences.

Rules are evaluated in the local time zone (settings.TIME_ZONE) on naive local times,
then made aware: a meeting at 9:00 stays at 9:00 across daylight-saving changes.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from dateutil.rrule import (  # type: ignore[import-untyped]
    DAILY,
    MONTHLY,
    WEEKLY,
    YEARLY,
    rrule,
    rrulestr,
)
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

# How far ahead a series' meetings exist as rows, and a hard cap per materialisation.
MATERIALISE_MONTHS = 6
MAX_OCCURRENCES = 60
# Faster rules than daily (hourly, by the minute …) are not meetings and could flood.
ALLOWED_FREQUENCIES = frozenset({DAILY, WEEKLY, MONTHLY, YEARLY})
ORDINALS = {"1": "+1", "2": "+2", "3": "+3", "4": "+4", "last": "-1"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class InvalidRule(ValueError):
    """The text is not a recurrence rule we accept."""


@dataclass(frozen=True)
class Repeat:
    """The choices of the meeting form: how often, and which weekday of the month."""

    frequency: str  # "", "weekly", "fortnightly", "monthly_weekday", "monthly_date"
    until: datetime.date | None = None


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def rule_for(repeat: Repeat, first: datetime.datetime) -> str:
    """The RRULE text for a form's choice, anchored on the first meeting's local date."""
    local = timezone.localtime(first, local_zone())
    weekday = WEEKDAYS[local.weekday()]
    if repeat.frequency == "weekly":
        parts = ["FREQ=WEEKLY", f"BYDAY={weekday}"]
    elif repeat.frequency == "fortnightly":
        parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={weekday}"]
    elif repeat.frequency == "monthly_weekday":
        nth = (local.day - 1) // 7 + 1
        ordinal = "-1" if nth >= 5 else f"+{nth}"
        parts = ["FREQ=MONTHLY", f"BYDAY={ordinal}{weekday}"]
    elif repeat.frequency == "monthly_date":
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={local.day}"]
    else:
        raise InvalidRule(_("Choose how often the meeting repeats."))
    if repeat.until:
        parts.append(f"UNTIL={repeat.until:%Y%m%d}T235959")
    return ";".join(parts)


def parse(rule: str, first: datetime.datetime) -> rrule:
    """The rule as dateutil reads it, on the naive local start; InvalidRule otherwise."""
    text = rule.strip().removeprefix("RRULE:")
    if not text or "\n" in text or len(text) > 500:
        raise InvalidRule(_("Not a recurrence rule."))
    start = timezone.localtime(first, local_zone()).replace(tzinfo=None)
    try:
        parsed = rrulestr(f"RRULE:{text}", dtstart=start)
    except (ValueError, TypeError) as error:
        raise InvalidRule(_("Not a recurrence rule.")) from error
    if not isinstance(parsed, rrule) or parsed._freq not in ALLOWED_FREQUENCIES:
        raise InvalidRule(_("A meeting repeats daily at most."))
    return parsed


def occurrences(
    rule: str, first: datetime.datetime, *, after: datetime.datetime, before: datetime.datetime
) -> list[datetime.datetime]:
    """Aware start times of the rule's occurrences in [after, before], at most the cap."""
    zone = local_zone()
    parsed = parse(rule, first)
    naive_after = timezone.localtime(after, zone).replace(tzinfo=None)
    naive_before = timezone.localtime(before, zone).replace(tzinfo=None)
    found: list[datetime.datetime] = []
    for naive in parsed.xafter(naive_after, inc=True):
        if naive > naive_before or len(found) >= MAX_OCCURRENCES:
            break
        found.append(naive.replace(tzinfo=zone))
    return found


def horizon(now: datetime.datetime | None = None) -> datetime.datetime:
    """The end of the window meetings are materialised for."""
    now = now or timezone.now()
    return now + datetime.timedelta(days=31 * MATERIALISE_MONTHS)
