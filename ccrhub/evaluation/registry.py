"""Named measures: the live figures a computed indicator can follow.

A measure is a function `fn(collaborative, period) -> int | (numerator, denominator)`:
a count, or a share given as its two counts (never a ready-made percentage, so that
disclosure control can see the counts). `period` is a `ccrhub.cases.metrics.Period`
(`start`, `end`, both included).

Another area adds its measures from its own code, e.g. in its `AppConfig.ready()` or
in a module that `ccrhub.evaluation.apps` imports:

    from ccrhub.evaluation.registry import register

    def marac_cases(collaborative, period):
        return Referral.objects.filter(...).count()

    register("marac_cases", _("MARAC cases heard"), marac_cases, unit="count")

Names are stable identifiers stored on indicators: rename a measure only with a data
migration. A name registered twice is an error (two areas would disagree silently).

The coalition view compares each collaborative with published reference values; its
MARAC rows read `marac_cases` (cases heard, a count) and `marac_repeat_rate` (repeats
of cases heard, a share) once the high-risk area registers them.

This module registers the case-tracking measures of `ccrhub.cases.metrics` (its rates),
outreach activity counts and the completion of meeting action items.
"""

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ccrhub.cases.metrics import Period, cached
from ccrhub.partners.models import Collaborative

Figure = int | tuple[int, int]
MeasureFn = Callable[[Collaborative, Period], Figure]


@dataclass(frozen=True)
class Measure:
    name: str
    label: str | Promise
    fn: MeasureFn
    unit: str  # "count" or "share"


MEASURES: dict[str, Measure] = {}


def register(name: str, label: str | Promise, fn: MeasureFn, *, unit: str = "count") -> Measure:
    if name in MEASURES and MEASURES[name].fn is not fn:
        raise ValueError(f"Measure {name!r} is registered already.")
    if unit not in ("count", "share"):
        raise ValueError("A measure is a count or a share.")
    measure = Measure(name, label, fn, unit)
    MEASURES[name] = measure
    return measure


def get(name: str) -> Measure | None:
    return MEASURES.get(name)


def choices() -> list[tuple[str, str]]:
    return sorted(((m.name, str(m.label)) for m in MEASURES.values()), key=lambda c: c[1])


def evaluate(name: str, collaborative: Collaborative, period: Period) -> tuple[int, int | None]:
    """(numerator, denominator) of a measure; the denominator is None for a count."""
    figure = MEASURES[name].fn(collaborative, period)
    if isinstance(figure, tuple):
        return int(figure[0]), int(figure[1])
    return int(figure), None


# One computation of the case measures serves every indicator shown on one page.
_case_memo: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "evaluation_case_memo", default=None
)


@contextmanager
def computing() -> Iterator[None]:
    """Within this block, case measures are computed once per collaborative and period."""
    token = _case_memo.set({})
    try:
        yield
    finally:
        _case_memo.reset(token)


def _case_measures(collaborative: Collaborative, period: Period) -> dict[str, Any]:
    """The case measures, from the maintained aggregates and the cache (`metrics.cached`);
    within `computing()` the aggregates' version is read once per collaborative."""
    memo = _case_memo.get()
    key = (collaborative.pk, period)
    if memo is not None and key in memo:
        return memo[key]
    at = memo.get(collaborative.pk) if memo is not None else None
    if at is None:
        at = cached.version(collaborative)
    figures = cached.cached_measures(collaborative, period, at=at)
    result = {m["name"]: m for m in figures["measures"]}
    if memo is not None:
        memo[key] = result
        memo[collaborative.pk] = at
    return result


def _case_rate(name: str) -> MeasureFn:
    def fn(collaborative: Collaborative, period: Period) -> Figure:
        figure = _case_measures(collaborative, period)[name]
        return int(figure["numerator"] or 0), int(figure["denominator"] or 0)

    return fn


def _incidents(collaborative: Collaborative, period: Period) -> Figure:
    return int(_case_measures(collaborative, period)["arrest_rate"]["denominator"] or 0)


def _outreach(collaborative: Collaborative, period: Period) -> Any:
    from ccrhub.outreach.models import Activity

    return Activity.objects.filter(Q(collaborative=collaborative) & period.filter("starts_on"))


def _outreach_activities(collaborative: Collaborative, period: Period) -> Figure:
    return int(_outreach(collaborative, period).count())


def _outreach_reached(collaborative: Collaborative, period: Period) -> Figure:
    total = _outreach(collaborative, period).aggregate(n=Sum("audience_size"))["n"]
    return int(total or 0)


def _actions_completed(collaborative: Collaborative, period: Period) -> Figure:
    """Action items due in the period that are done, of those due in the period."""
    from django.db.models import Count

    from ccrhub.meetings.models import ActionItem, ActionStatus

    counts = ActionItem.objects.filter(
        Q(collaborative=collaborative) & period.filter("due_on")
    ).aggregate(due=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))
    return int(counts["done"]), int(counts["due"])


CASE_RATES = {
    "arrest_rate": _("Arrest rate (incidents with an arrest)"),
    "dual_arrest_rate": _("Dual-arrest rate (incidents)"),
    "prosecution_rate": _("Prosecution rate (arrests charged)"),
    "conviction_rate": _("Conviction rate (arrests convicted)"),
    "bip_enrolment_rate": _("BIP enrolment (of referrals)"),
    "bip_completion_rate": _("BIP completion (of referrals)"),
    "violation_response_within_limit": _("Violations answered within the limit"),
    "recidivism_1y": _("New incident within 1 year"),
}

for _name, _label in CASE_RATES.items():
    register(_name, _label, _case_rate(_name), unit="share")
register("incidents", _("Reported incidents (cases)"), _incidents)
register("outreach_activities", _("Outreach activities delivered"), _outreach_activities)
register("outreach_people_reached", _("People reached by outreach"), _outreach_reached)
register(
    "action_items_completed",
    _("Agreed actions completed (of those due)"),
    _actions_completed,
    unit="share",
)
