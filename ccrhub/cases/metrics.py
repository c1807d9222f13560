"""Read-only figures over the case-tracking data: the attrition funnel and the measures.

Definitions, because a figure is only as good as its definition:

- **Day granularity.** Every interval is a whole number of days between two dates
  (`Event.occurred_on` and friends are dates; a datetime counts by its date).
- **Period.** `Period(start, end)` keeps the events (violations by `detected_on`,
  orders by `issued_on`) dated within `[start, end]`, both ends included; either end
  may be open. Without a period the figures cover all time.
- **First event.** A case counts once at a stage however many events it has there;
  intervals run from the *first* event of one stage to the *first* event of the next.
- **Median.** Of the sorted values; for an even count, the mean of the two middle
  values (so it may be a half day).
- **p90.** Nearest-rank: the value at rank ⌈0.9 × n⌉ (1-based) of the sorted values,
  always one of the observed values.
- **Data quality.** A negative interval (the later stage dated before the earlier
  one) is left out of the median and p90 and counted as a finding; so is a case at
  a stage without the previous stage (a missing interval). Nothing here raises on
  messy data.

The database does the heavy lifting: one GROUP BY case query with conditional
MIN(occurred_on) per stage, one query for the exits; medians are then computed in
Python over the per-case first dates, so SQLite and PostgreSQL give identical
answers. The number of queries does not depend on the amount of data.

Published reference values are those of the CCR domain notes (§2, offender
accountability), kept here as data beside each measure.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet

from ccrhub.cases.models import Event, Order, PrimaryAggressor, Sex, Violation
from ccrhub.partners.models import Collaborative

# The funnel's main line (API.md: the order of `stages` in /api/v1/metrics/funnel).
MAIN_LINE: tuple[str, ...] = (
    "incident",
    "arrest",
    "charge_filed",
    "first_appearance",
    "disposition",
    "sentence",
    "probation_start",
    "bip_enrolment",
    "bip_completion",
)

NO_ARREST_OUTCOMES = ("none", "warrant")
CONVICTED_OUTCOMES = ("convicted_plea", "convicted_trial")
# Events at a stage that do not mean the case reached it: an arrest event recording
# that nobody was arrested (or that a warrant was issued) is an exit, not an arrest.
NOT_REACHED: dict[str, tuple[str, ...]] = {"arrest": NO_ARREST_OUTCOMES}


def reached(stage: str) -> Q:
    """The events that put a case at `stage`."""
    q = Q(stage=stage)
    if stage in NOT_REACHED:
        q &= ~Q(outcome__in=NOT_REACHED[stage])
    return q


@dataclass(frozen=True)
class ExitSpec:
    """A branch off the main line: cases leave between `after` and `before`."""

    stage: str
    outcome: str  # "" for any outcome
    after: str
    before: str

    def condition(self) -> Q:
        q = Q(stage=self.stage)
        return q & Q(outcome=self.outcome) if self.outcome else q


EXITS: tuple[ExitSpec, ...] = (
    ExitSpec("arrest", "none", after="incident", before="arrest"),
    ExitSpec("arrest", "warrant", after="incident", before="arrest"),
    ExitSpec("charge_declined", "", after="arrest", before="charge_filed"),
    ExitSpec("diverted", "", after="arrest", before="charge_filed"),
    ExitSpec("disposition", "dismissed", after="disposition", before="sentence"),
    ExitSpec("disposition", "acquitted", after="disposition", before="sentence"),
    ExitSpec("bip_termination", "", after="bip_enrolment", before="bip_completion"),
)


@dataclass(frozen=True)
class Period:
    start: datetime.date | None = None
    end: datetime.date | None = None

    def filter(self, field: str) -> Q:
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lte": self.end})
        return q


# ---------------------------------------------------------------------------
# Statistics and disclosure control
# ---------------------------------------------------------------------------

Number = int | float


def median(values: Sequence[int]) -> Number | None:
    """Median; for an even count the mean of the two middle values. None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return _tidy((ordered[mid - 1] + ordered[mid]) / 2)


def percentile_nearest_rank(values: Sequence[int], pct: float) -> int | None:
    """The value at rank ⌈pct/100 × n⌉ (1-based) of the sorted values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def p90(values: Sequence[int]) -> int | None:
    return percentile_nearest_rank(values, 90)


def _tidy(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


# Partner dashboards (domain notes §7): counts 1–7 are suppressed, others rounded to 5.
PARTNER_SMALLEST_SHOWN = 8
PARTNER_ROUNDING = 5


def partner_count(n: int) -> int | None:
    """A count as partner dashboards may show it: 0 stays, 1–7 hidden, else nearest 5."""
    if n == 0:
        return 0
    if n < PARTNER_SMALLEST_SHOWN:
        return None
    return PARTNER_ROUNDING * math.floor(n / PARTNER_ROUNDING + 0.5)


def _count(n: int, suppress: bool) -> int | None:
    return partner_count(n) if suppress else n


def _small(n: int) -> bool:
    return 0 < n < PARTNER_SMALLEST_SHOWN


def days_between(start: datetime.date | None, end: datetime.date | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days


# ---------------------------------------------------------------------------
# The funnel
# ---------------------------------------------------------------------------


def _events(collaborative: Collaborative, period: Period) -> QuerySet[Event]:
    return Event.objects.filter(Q(case__collaborative=collaborative) & period.filter("occurred_on"))


def first_dates_by_case(
    collaborative: Collaborative, period: Period, stages: Iterable[str] = MAIN_LINE
) -> list[dict[str, Any]]:
    """One row per case with an event in the period: `case_id` and the first date per stage.

    A single GROUP BY case query with one conditional MIN per stage.
    """
    firsts = {stage: Min("occurred_on", filter=reached(stage)) for stage in stages}
    return list(
        _events(collaborative, period)
        .filter(stage__in=list(stages))
        .values("case_id")
        .annotate(**firsts)
        .order_by()
    )


def exit_counts(collaborative: Collaborative, period: Period) -> list[int]:
    """Distinct cases per exit of EXITS, in one query."""
    counts = {
        f"exit_{n}": Count("case_id", filter=spec.condition(), distinct=True)
        for n, spec in enumerate(EXITS)
    }
    row = _events(collaborative, period).order_by().aggregate(**counts)
    return [row[f"exit_{n}"] or 0 for n in range(len(EXITS))]


def funnel(
    collaborative: Collaborative, *, period: Period | None = None, suppress: bool = False
) -> dict[str, Any]:
    """The attrition funnel of a collaborative (API.md `/api/v1/metrics/funnel`).

    `suppress` applies the partner disclosure rule (counts 1–7 hidden, others rounded
    to 5; medians hidden when they rest on 1–7 cases).
    """
    period = period or Period()
    rows = first_dates_by_case(collaborative, period)
    stages = []
    findings = []
    for i, stage in enumerate(MAIN_LINE):
        at_stage = [row for row in rows if row[stage] is not None]
        previous = MAIN_LINE[i - 1] if i else None
        intervals: list[int] = []
        negative = missing = 0
        if previous is not None:
            for row in at_stage:
                days = days_between(row[previous], row[stage])
                if days is None:
                    missing += 1
                elif days < 0:
                    negative += 1
                else:
                    intervals.append(days)
        hide = suppress and _small(len(intervals))
        stages.append(
            {
                "stage": stage,
                "count": _count(len(at_stage), suppress),
                "cases_with_previous": _count(len(intervals), suppress) if previous else None,
                "median_days_from_previous": None if hide else median(intervals),
                "p90_days_from_previous": None if hide else p90(intervals),
            }
        )
        if previous is not None and (negative or missing):
            findings.append(
                {
                    "stage": stage,
                    "previous": previous,
                    "negative_intervals": _count(negative, suppress),
                    "missing_previous": _count(missing, suppress),
                }
            )
    exits = [
        {
            "stage": spec.stage,
            "outcome": spec.outcome,
            "after": spec.after,
            "before": spec.before,
            "count": _count(n, suppress),
        }
        for spec, n in zip(EXITS, exit_counts(collaborative, period), strict=True)
    ]
    return {"stages": stages, "exits": exits, "data_quality": findings, "suppressed": suppress}


# ---------------------------------------------------------------------------
# The measures
# ---------------------------------------------------------------------------

# Published reference values (domain notes §2), as data: `value` when a number exists.
REFERENCES: dict[str, dict[str, Any]] = {
    "arrest_rate": {
        "value": 0.50,
        "text": "About 50% of intimate-partner incidents",
        "source": "NIBRS 2000",
    },
    "dual_arrest_rate": {
        "value": 0.02,
        "text": "About 2% of incidents; 7–8% of arrests",
        "source": "Published studies of dual arrest",
    },
    "prosecution_rate": {
        "value": 0.638,
        "text": "Mean 63.8% of arrests charged",
        "source": "Review of 120 studies",
    },
    "conviction_rate": {
        "value": None,
        "text": "Under half of arrests",
        "source": "Published attrition studies",
    },
    "plea_share": {
        "value": None,
        "text": "Seek convictions, avoid plea agreements, proceed without victim testimony",
        "source": "Seed 001 (essential elements of a CCR)",
    },
    "time_to_disposition": {
        "value": None,
        "text": "No benchmark; sure and swift consequences",
        "source": "Blueprint for safety",
    },
    "time_to_disposition_from_charge": {
        "value": None,
        "text": "No benchmark; sure and swift consequences",
        "source": "Blueprint for safety",
    },
    "bip_enrolment_rate": {"value": None, "text": "No benchmark", "source": ""},
    "bip_completion_rate": {
        "value": 0.50,
        "text": "Non-completion mostly about 50% (25–89%)",
        "source": "Published BIP studies",
    },
    "bip_days_to_enrolment": {"value": None, "text": "No benchmark", "source": ""},
    "violation_response_days": {
        "value": None,
        "text": "No national standard; act on all violations immediately",
        "source": "Seed 001",
    },
    "violation_response_within_limit": {
        "value": None,
        "text": "No national standard; act on all violations immediately",
        "source": "Seed 001",
    },
    "protection_order_service_days": {
        "value": None,
        "text": "Set by the collaborative",
        "source": "",
    },
    "recidivism_1y": {
        "value": 0.32,
        "text": "32% reabuse within 1 year",
        "source": "Quincy cohort",
    },
    "recidivism_2y": {"value": None, "text": "No published figure here", "source": ""},
}

Row = dict[str, Any]
BREAKDOWNS: dict[str, tuple[str, list[str]]] = {
    "offender_sex": ("sex", list(Sex.values)),
    "primary_aggressor": ("aggressor", list(PrimaryAggressor.values)),
}


@dataclass(frozen=True)
class RateSpec:
    name: str
    rows: str  # which rows: "cases", "violations", "orders", "recidivism"
    denominator: Callable[[Row], bool]
    numerator: Callable[[Row], bool]


@dataclass(frozen=True)
class IntervalSpec:
    name: str
    rows: str
    start: str
    end: str


def _has(*names: str) -> Callable[[Row], bool]:
    return lambda row: all(row[n] for n in names)


def _within_limit(row: Row) -> bool:
    days = days_between(row["detected_on"], row["first_response"])
    return days is not None and 0 <= days <= response_limit_days()


def response_limit_days() -> int:
    return int(getattr(settings, "CCRHUB_VIOLATION_RESPONSE_DAYS", 7))


MEASURES: tuple[RateSpec | IntervalSpec, ...] = (
    RateSpec("arrest_rate", "cases", _has("incident"), _has("incident", "arrest")),
    RateSpec("dual_arrest_rate", "cases", _has("incident"), _has("incident", "dual")),
    RateSpec("prosecution_rate", "cases", _has("arrest"), _has("arrest", "charge_filed")),
    RateSpec("conviction_rate", "cases", _has("arrest"), _has("arrest", "convicted")),
    RateSpec("plea_share", "cases", _has("convicted"), _has("convicted", "plea")),
    IntervalSpec("time_to_disposition", "cases", "arrest", "disposition"),
    IntervalSpec("time_to_disposition_from_charge", "cases", "charge_filed", "disposition"),
    RateSpec(
        "bip_enrolment_rate", "cases", _has("bip_referral"), _has("bip_referral", "bip_enrolment")
    ),
    RateSpec(
        "bip_completion_rate", "cases", _has("bip_referral"), _has("bip_referral", "bip_completion")
    ),
    IntervalSpec("bip_days_to_enrolment", "cases", "bip_referral", "bip_enrolment"),
    IntervalSpec("violation_response_days", "violations", "detected_on", "first_response"),
    RateSpec("violation_response_within_limit", "violations", lambda r: True, _within_limit),
    IntervalSpec("protection_order_service_days", "orders", "issued_on", "served_on"),
    RateSpec("recidivism_1y", "recidivism", _has("followed_1y"), _has("followed_1y", "repeat_1y")),
    RateSpec("recidivism_2y", "recidivism", _has("followed_2y"), _has("followed_2y", "repeat_2y")),
)


def case_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """Per case with events in the period: first dates and flags the measures need."""
    first = {
        stage: Min("occurred_on", filter=Q(stage=stage))
        for stage in ("incident", "charge_filed", "disposition", "bip_referral", "bip_enrolment")
    }
    rows = (
        _events(collaborative, period)
        .values("case_id", sex=F("case__offender_sex"), aggressor=F("case__primary_aggressor"))
        .annotate(
            **first,
            arrest=Min("occurred_on", filter=reached("arrest")),
            dual=Count("id", filter=Q(stage="arrest", outcome="dual")),
            convicted=Count("id", filter=Q(stage="disposition", outcome__in=CONVICTED_OUTCOMES)),
            plea=Count("id", filter=Q(stage="disposition", outcome="convicted_plea")),
            bip_completion=Count("id", filter=Q(stage="bip_completion")),
        )
        .order_by()
    )
    return list(rows)


def violation_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    return list(
        Violation.objects.filter(
            Q(case__collaborative=collaborative) & period.filter("detected_on")
        )
        .values(
            "id",
            "detected_on",
            sex=F("case__offender_sex"),
            aggressor=F("case__primary_aggressor"),
        )
        .annotate(first_response=Min("responses__responded_on"))
        .order_by()
    )


def order_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    rows = (
        Order.objects.filter(Q(case__collaborative=collaborative) & period.filter("issued_on"))
        .values(
            "id",
            "issued_on",
            "served_on",
            sex=F("case__offender_sex"),
            aggressor=F("case__primary_aggressor"),
        )
        .order_by()
    )
    return cast(list[Row], list(rows))


def recidivism_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """Cases whose first incident lies in the period, with repeat flags at 1 and 2 years.

    A repeat is a later incident (any case of the collaborative, same offender key)
    within 365 / 730 days after the case's first incident. A case enters a
    denominator only when its whole follow-up window lies before the latest incident
    on record (the data's horizon), so recent cases do not dilute the rate.
    """
    incidents = cast(
        list[Row],
        list(
            Event.objects.filter(case__collaborative=collaborative, stage="incident")
            .values(
                "case_id",
                "occurred_on",
                key=F("case__offender_key"),
                sex=F("case__offender_sex"),
                aggressor=F("case__primary_aggressor"),
            )
            .order_by()
            .distinct()
        ),
    )
    if not incidents:
        return []
    horizon = max(row["occurred_on"] for row in incidents)
    by_key: dict[str, list[datetime.date]] = defaultdict(list)
    first_by_case: dict[int, Row] = {}
    for row in incidents:
        by_key[row["key"]].append(row["occurred_on"])
        known = first_by_case.get(row["case_id"])
        if known is None or row["occurred_on"] < known["occurred_on"]:
            first_by_case[row["case_id"]] = row
    result = []
    for row in first_by_case.values():
        start = row["occurred_on"]
        if (period.start and start < period.start) or (period.end and start > period.end):
            continue
        later = [d for d in by_key[row["key"]] if d > start]
        flags: Row = {"sex": row["sex"], "aggressor": row["aggressor"]}
        for label, days in (("1y", 365), ("2y", 730)):
            flags[f"followed_{label}"] = start + datetime.timedelta(days=days) <= horizon
            flags[f"repeat_{label}"] = any((d - start).days <= days for d in later)
        result.append(flags)
    return result


def _rate(spec: RateSpec, rows: list[Row], suppress: bool) -> Row:
    denominator = sum(1 for row in rows if spec.denominator(row))
    numerator = sum(1 for row in rows if spec.denominator(row) and spec.numerator(row))
    if suppress:
        shown_num, shown_den = partner_count(numerator), partner_count(denominator)
        value = round(shown_num / shown_den, 4) if shown_num is not None and shown_den else None
        return {"numerator": shown_num, "denominator": shown_den, "value": value}
    value = round(numerator / denominator, 4) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}


def _interval(spec: IntervalSpec, rows: list[Row], suppress: bool) -> tuple[Row, int]:
    started = [row for row in rows if row[spec.start] is not None]
    days = [days_between(row[spec.start], row[spec.end]) for row in started]
    good = [d for d in days if d is not None and d >= 0]
    negative = sum(1 for d in days if d is not None and d < 0)
    hide = suppress and _small(len(good))
    return (
        {
            "numerator": _count(len(good), suppress),
            "denominator": _count(len(started), suppress),
            "value": None if hide else median(good),
            "p90": None if hide else p90(good),
        },
        negative,
    )


def measures(
    collaborative: Collaborative, *, period: Period | None = None, suppress: bool = False
) -> dict[str, Any]:
    """The named measures (API.md `/api/v1/metrics/measures`), each broken down.

    Rates: `value` = numerator / denominator (4 decimals). Intervals: `numerator` is
    the number of non-negative intervals, `denominator` the rows having the start
    date, `value` the median in days and `p90` the nearest-rank 90th percentile.
    """
    period = period or Period()
    data = {
        "cases": case_rows(collaborative, period),
        "violations": violation_rows(collaborative, period),
        "orders": order_rows(collaborative, period),
        "recidivism": recidivism_rows(collaborative, period),
    }
    # Each source split once per breakdown, not once per measure and group.
    parts = {
        source: {
            breakdown: _partition(rows, key, groups)
            for breakdown, (key, groups) in BREAKDOWNS.items()
        }
        for source, rows in data.items()
    }
    results = []
    findings: list[Row] = []
    for spec in MEASURES:
        entry: Row = {"name": spec.name, "unit": "share" if isinstance(spec, RateSpec) else "days"}
        entry.update(_figure(spec, data[spec.rows], suppress, findings))
        entry["reference"] = REFERENCES[spec.name]
        entry["breakdowns"] = {
            breakdown: [
                {"group": group, **_figure(spec, subset, suppress)}
                for group, subset in split.items()
            ]
            for breakdown, split in parts[spec.rows].items()
        }
        results.append(entry)
    return {
        "measures": results,
        "violation_response_limit_days": response_limit_days(),
        "data_quality": findings,
        "suppressed": suppress,
    }


def _partition(rows: list[Row], key: str, groups: list[str]) -> dict[str, list[Row]]:
    split: dict[str, list[Row]] = {group: [] for group in groups}
    for row in rows:
        if row[key] in split:
            split[row[key]].append(row)
    return split


def _figure(
    spec: RateSpec | IntervalSpec,
    rows: list[Row],
    suppress: bool,
    findings: list[Row] | None = None,
) -> Row:
    if isinstance(spec, RateSpec):
        return _rate(spec, rows, suppress)
    figure, negative = _interval(spec, rows, suppress)
    if findings is not None and negative:
        findings.append({"measure": spec.name, "negative_intervals": _count(negative, suppress)})
    return figure
