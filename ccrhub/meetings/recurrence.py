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
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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


def _ordinal_names() -> dict[int, str]:
    return {
        1: pgettext("weekday of the month", "first"),
        2: pgettext("weekday of the month", "second"),
        3: pgettext("weekday of the month", "third"),
        4: pgettext("weekday of the month", "fourth"),
        -1: pgettext("weekday of the month", "last"),
    }


def _weekday_names(days: tuple[int, ...]) -> str:
    return ", ".join(str(WEEKDAY_NAMES[day]) for day in sorted(days))


def _describe_weekly(parsed: rrule) -> str:
    days = _weekday_names(parsed._byweekday or ())
    if parsed._interval == 1:
        return _("Weekly, on %(days)s") % {"days": days}
    if parsed._interval == 2:
        return _("Every two weeks, on %(days)s") % {"days": days}
    return _("Every %(n)s weeks, on %(days)s") % {"n": parsed._interval, "days": days}


def _describe_monthly(parsed: rrule) -> str:
    if parsed._bynweekday:
        ordinals = _ordinal_names()
        named = [
            f"{ordinals.get(nth, str(nth))} {WEEKDAY_NAMES[day]}" for day, nth in parsed._bynweekday
        ]
        days = ", ".join(named)
        if parsed._interval == 1:
            return _("Monthly, %(days)s") % {"days": days}
        return _("Every %(n)s months, %(days)s") % {"n": parsed._interval, "days": days}
    days = ", ".join(str(day) for day in sorted(parsed._bymonthday or ()))
    if parsed._interval == 1:
        return _("Monthly, on day %(days)s") % {"days": days}
    return _("Every %(n)s months, on day %(days)s") % {"n": parsed._interval, "days": days}


def _describe_frequency(parsed: rrule) -> str:
    if parsed._freq == WEEKLY:
        return _describe_weekly(parsed)
    if parsed._freq == MONTHLY:
        return _describe_monthly(parsed)
    if parsed._freq == DAILY:
        if parsed._interval == 1:
            return _("Daily")
        return _("Every %(n)s days") % {"n": parsed._interval}
    if parsed._interval == 1:
        return _("Yearly")
    return _("Every %(n)s years") % {"n": parsed._interval}


def describe(rule: str, first: datetime.datetime) -> str:
    """The rule in words a person reads, e.g. "Monthly, second Thursday", with its end."""
    try:
        parsed = parse(rule, first)
    except InvalidRule:
        return _("On a custom schedule")
    words = _describe_frequency(parsed)
    if parsed._until:
        until = date_format(parsed._until.date(), "DATE_FORMAT")
        words = _("%(words)s, until %(date)s") % {"words": words, "date": until}
    return words
