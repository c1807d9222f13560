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

The database does the heavy lifting. A GROUP BY case query with one conditional
MIN(occurred_on) per stage gives each case's first dates; it is used as a common table
expression, and the outer query groups it again — by the whole number of days between
two stages, or by month — so what comes back is a histogram (day difference → number
of cases), small whatever the amount of data. Medians and p90 are then read off the
histogram in Python: exact, and identical on SQLite and PostgreSQL (which do not share
percentile functions). The number of queries does not depend on the amount of data.

Without a period (all time) the per-case first dates are not computed from the events
at all: they are read from `CaseStageFirst`, one stored row per case that the database
keeps in step with the events (`ccrhub.cases.stage_firsts`). With a period the first
dates are those of the events inside it, so they are computed as above.

Published reference values are those of the CCR domain notes (§2, offender
accountability), kept here as data beside each measure.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet

from ccrhub.cases import stage_firsts
from ccrhub.cases.models import (
    CaseStageFirst,
    Event,
    Order,
    PrimaryAggressor,
    Sex,
    Violation,
)
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


Histogram = dict[int, int]  # whole days → how many


def _value_at_rank(histogram: Histogram, rank: int) -> int:
    """The value at 1-based `rank` of the values the histogram counts, in order."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("rank beyond the histogram")


def histogram_median(histogram: Histogram) -> Number | None:
    """`median` of the values a histogram counts, without expanding them."""
    n = sum(histogram.values())
    if not n:
        return None
    if n % 2:
        return _value_at_rank(histogram, n // 2 + 1)
    low, high = _value_at_rank(histogram, n // 2), _value_at_rank(histogram, n // 2 + 1)
    return _tidy((low + high) / 2)


def histogram_p90(histogram: Histogram) -> int | None:
    """`p90` (nearest rank) of the values a histogram counts."""
    n = sum(histogram.values())
    if not n:
        return None
    return _value_at_rank(histogram, max(1, math.ceil(90 / 100 * n)))


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


def first_dates(
    collaborative: Collaborative, period: Period, stages: Iterable[str] = MAIN_LINE
) -> QuerySet[Event, dict[str, Any]]:
    """One row per case with an event in the period: `case_id` and the first date per stage.

    A single GROUP BY case query with one conditional MIN per stage.
    """
    firsts = {stage: Min("occurred_on", filter=reached(stage)) for stage in stages}
    return (
        _events(collaborative, period)
        .filter(stage__in=list(stages))
        .values("case_id")
        .annotate(**firsts)
        .order_by()
    )


def first_dates_by_case(
    collaborative: Collaborative, period: Period, stages: Iterable[str] = MAIN_LINE
) -> list[dict[str, Any]]:
    """`first_dates` as a list (for inspection; the figures never load it whole)."""
    return list(first_dates(collaborative, period, stages))


# --- SQL over the per-case rows, for the two engines the project runs on ----------------


def _column(name: str) -> str:
    return connection.ops.quote_name(name)


def sql_days(start: str, end: str) -> str:
    """Whole days from column `start` to column `end` (NULL if either is NULL)."""
    a, b = _column(start), _column(end)
    if connection.vendor == "postgresql":
        return f"({b} - {a})"
    return f"CAST(julianday({b}) - julianday({a}) AS INTEGER)"


def sql_month(column: str) -> str:
    """The month of a date column as 'YYYY-MM' text."""
    if connection.vendor == "postgresql":
        return f"TO_CHAR({_column(column)}, 'YYYY-MM')"
    return f"strftime('%%Y-%%m', {_column(column)})"


def grouped(rows: QuerySet[Any, Any], parts: Sequence[str]) -> list[tuple[Any, ...]]:
    """Run `parts` (SELECTs over `per_case`) on the per-case rows, joined by UNION ALL.

    `rows` becomes the common table expression `per_case`; PostgreSQL computes it once
    however many parts read it. The parts are written from the code's own stage names
    and column aliases only (quoted); every value travels as a query parameter.
    """
    inner, params = rows.query.sql_with_params()
    sql = f"WITH per_case AS ({inner}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# The stored exit flags (`CaseStageFirst.exit_*`), in the order of EXITS.
STORED_EXITS: tuple[str, ...] = tuple(
    name for name in stage_firsts.FLAGS if name.startswith("exit_")
)


def stored_firsts(collaborative: Collaborative) -> QuerySet[CaseStageFirst]:
    """Per case with events (all time): the stored first dates and facts."""
    return CaseStageFirst.objects.filter(case__collaborative=collaborative).order_by()


def stage_histograms(collaborative: Collaborative, period: Period) -> list[dict[int | None, int]]:
    """Per main-line stage, the cases there by days from the previous stage's first date.

    The key None counts cases without the previous stage; the first stage has only None.
    """
    return _funnel_groups(collaborative, period)[0]


def _funnel_groups(
    collaborative: Collaborative, period: Period
) -> tuple[list[dict[int | None, int]], list[int]]:
    """(stage histograms, exit counts) in one query over the per-case rows."""
    stored = period == Period()
    parts = [
        f"SELECT 0, CAST(NULL AS INTEGER), COUNT(*) FROM per_case "  # noqa: S608
        f"WHERE {_column(MAIN_LINE[0])} IS NOT NULL"
    ]
    for i, stage in enumerate(MAIN_LINE[1:], start=1):
        days = sql_days(MAIN_LINE[i - 1], stage)
        parts.append(
            f"SELECT {i}, {days}, COUNT(*) FROM per_case "  # noqa: S608
            f"WHERE {_column(stage)} IS NOT NULL GROUP BY {days}"
        )
    exits = [0] * len(EXITS)
    if stored:
        # The exits are stored flags too: counted in the same pass.
        rows = stored_firsts(collaborative).values(*MAIN_LINE, *STORED_EXITS)
        parts += [
            f"SELECT {-1 - n}, CAST(NULL AS INTEGER), COUNT(*) FROM per_case "  # noqa: S608
            f"WHERE {_column(name)}"
            for n, name in enumerate(STORED_EXITS)
        ]
    else:
        rows = first_dates(collaborative, period)
        exits = exit_counts(collaborative, period)
    histograms: list[dict[int | None, int]] = [{} for _ in MAIN_LINE]
    for index, days, n in grouped(rows, parts):
        if index < 0:
            exits[-1 - index] = n
        elif n:
            histograms[index][days] = n
    return histograms, exits


def exit_counts(collaborative: Collaborative, period: Period) -> list[int]:
    """Distinct cases per exit of EXITS, in one query."""
    counts = {
        f"exit_{n}": Count("case_id", filter=spec.condition(), distinct=True)
        for n, spec in enumerate(EXITS)
    }
    row = _events(collaborative, period).order_by().aggregate(**counts)
    return [row[f"exit_{n}"] or 0 for n in range(len(EXITS))]


def _split(histogram: dict[int | None, int]) -> tuple[Histogram, int, int]:
    """(non-negative intervals, negative count, missing count) of a day histogram."""
    good = {d: n for d, n in histogram.items() if d is not None and d >= 0}
    negative = sum(n for d, n in histogram.items() if d is not None and d < 0)
    return good, negative, histogram.get(None, 0)


def funnel(
    collaborative: Collaborative, *, period: Period | None = None, suppress: bool = False
) -> dict[str, Any]:
    """The attrition funnel of a collaborative (API.md `/api/v1/metrics/funnel`).

    `suppress` applies the partner disclosure rule (counts 1–7 hidden, others rounded
    to 5; medians hidden when they rest on 1–7 cases).
    """
    period = period or Period()
    stages = []
    findings = []
    histograms, exit_totals = _funnel_groups(collaborative, period)
    for i, histogram in enumerate(histograms):
        stage = MAIN_LINE[i]
        previous = MAIN_LINE[i - 1] if i else None
        intervals, negative, missing = _split(histogram) if previous else ({}, 0, 0)
        with_previous = sum(intervals.values())
        hide = suppress and _small(with_previous)
        stages.append(
            {
                "stage": stage,
                "count": _count(sum(histogram.values()), suppress),
                "cases_with_previous": _count(with_previous, suppress) if previous else None,
                "median_days_from_previous": None if hide else histogram_median(intervals),
                "p90_days_from_previous": None if hide else histogram_p90(intervals),
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
        for spec, n in zip(EXITS, exit_totals, strict=True)
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
    days = row["days"]
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


# The per-case facts the case measures read, and how each is true in SQL.
CASE_DATES = ("incident", "arrest", "charge_filed", "disposition", "bip_referral", "bip_enrolment")
CASE_COUNTS = ("dual", "convicted", "plea", "bip_completion")
CASE_FLAGS = (
    "incident",
    "arrest",
    "dual",
    "charge_filed",
    "convicted",
    "plea",
    "bip_referral",
    "bip_enrolment",
    "bip_completion",
)


def case_facts(collaborative: Collaborative, period: Period) -> QuerySet[Any, dict[str, Any]]:
    """Per case with events in the period: first dates and counts the measures need.

    All time, they are the stored rows (`CaseStageFirst`, where the counts are flags).
    """
    people = {"sex": F("case__offender_sex"), "aggressor": F("case__primary_aggressor")}
    if period == Period():
        return stored_firsts(collaborative).values("case_id", *CASE_DATES, *CASE_COUNTS, **people)
    first = {
        stage: Min("occurred_on", filter=Q(stage=stage))
        for stage in ("incident", "charge_filed", "disposition", "bip_referral", "bip_enrolment")
    }
    return (
        _events(collaborative, period)
        .values("case_id", **people)
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


def case_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """`case_facts` as a list (for inspection; the measures never load it whole)."""
    return list(case_facts(collaborative, period))


def _flag_sql(name: str, stored: bool) -> str:
    """SQL true when a case has the fact: a date is set, a count is positive.

    In the stored rows `bip_completion` is a date and the other counts are flags.
    """
    if name in CASE_DATES or (stored and name == "bip_completion"):
        return f"{_column(name)} IS NOT NULL"
    return _column(name) if stored else f"{_column(name)} > 0"


def case_groups(
    collaborative: Collaborative, period: Period
) -> tuple[list[Row], dict[str, list[Row]]]:
    """The cases, grouped in one query: (rate rows, interval rows per case measure).

    Rate rows are cases with the same sex, determination and flags (`n` of them);
    interval rows are cases with the same sex, determination and day difference
    (`days`, None when the end is missing), for each case interval measure.
    """
    mask = " + ".join(
        f"CASE WHEN {_flag_sql(name, period == Period())} THEN {1 << bit} ELSE 0 END"
        for bit, name in enumerate(CASE_FLAGS)
    )
    sex, aggressor = _column("sex"), _column("aggressor")
    parts = [
        f"SELECT -1, {sex}, {aggressor}, {mask}, COUNT(*) FROM per_case "  # noqa: S608
        f"GROUP BY {sex}, {aggressor}, {mask}"
    ]
    for index, spec in enumerate(MEASURES):
        if isinstance(spec, IntervalSpec) and spec.rows == "cases":
            days = sql_days(spec.start, spec.end)
            parts.append(
                f"SELECT {index}, {sex}, {aggressor}, {days}, COUNT(*) FROM per_case "  # noqa: S608
                f"WHERE {_column(spec.start)} IS NOT NULL GROUP BY {sex}, {aggressor}, {days}"
            )
    rates: list[Row] = []
    intervals: dict[str, list[Row]] = defaultdict(list)
    for index, group_sex, group_aggressor, value, n in grouped(
        case_facts(collaborative, period), parts
    ):
        row: Row = {"sex": group_sex, "aggressor": group_aggressor, "n": n}
        if index < 0:
            rates.append(
                row | {name: bool(value & (1 << bit)) for bit, name in enumerate(CASE_FLAGS)}
            )
        else:
            intervals[MEASURES[index].name].append(row | {"days": value})
    return rates, intervals


def _day_groups(rows: QuerySet[Any, Any], start: str, end: str) -> list[Row]:
    """Rows grouped in SQL by sex, determination and days from `start` to `end` (`n` each)."""
    sex, aggressor, days = _column("sex"), _column("aggressor"), sql_days(start, end)
    part = (
        f"SELECT {sex}, {aggressor}, {days}, COUNT(*) FROM per_case "  # noqa: S608
        f"GROUP BY {sex}, {aggressor}, {days}"
    )
    return [
        {"sex": group_sex, "aggressor": group_aggressor, "days": group_days, "n": n}
        for group_sex, group_aggressor, group_days, n in grouped(rows, [part])
    ]


def violation_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """Violations as interval rows: days from detection to the first response."""
    rows = (
        Violation.objects.filter(
            Q(case__collaborative=collaborative) & period.filter("detected_on")
        )
        .values(
            "id", "detected_on", sex=F("case__offender_sex"), aggressor=F("case__primary_aggressor")
        )
        .annotate(first_response=Min("responses__responded_on"))
        .order_by()
    )
    return _day_groups(rows, "detected_on", "first_response")


def order_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """Orders as interval rows: days from issue to service."""
    rows = (
        Order.objects.filter(Q(case__collaborative=collaborative) & period.filter("issued_on"))
        .values(
            "issued_on",
            "served_on",
            sex=F("case__offender_sex"),
            aggressor=F("case__primary_aggressor"),
        )
        .order_by()
    )
    return _day_groups(rows, "issued_on", "served_on")


def recidivism_rows(collaborative: Collaborative, period: Period) -> list[Row]:
    """Cases whose first incident lies in the period, grouped by their repeat flags.

    A repeat is a later incident (any case of the collaborative, same offender key)
    within 365 / 730 days after the case's first incident. A case enters a
    denominator only when its whole follow-up window lies before the latest incident
    on record (the data's horizon), so recent cases do not dilute the rate.

    In SQL: the offender keys' distinct incident days with the next one (LEAD), joined
    to each case's first incident; rows come back as groups with `n` cases each.
    """
    incidents = Event.objects.filter(case__collaborative=collaborative, stage="incident")
    days = incidents.values(key=F("case__offender_key"), day=F("occurred_on")).distinct()
    # Each case's first incident is kept per case (`CaseStageFirst`): no pass over events.
    firsts = (
        stored_firsts(collaborative)
        .filter(incident__isnull=False)
        .values(
            "case_id",
            key=F("case__offender_key"),
            sex=F("case__offender_sex"),
            aggressor=F("case__primary_aggressor"),
            start=F("incident"),
        )
        .order_by()
    )
    days_sql, days_params = days.order_by().query.sql_with_params()
    firsts_sql, firsts_params = firsts.query.sql_with_params()
    key, day, start = _column("key"), _column("day"), _column("start")
    follow, gap = sql_days("start", "horizon"), sql_days("start", "next_day")
    flags = {
        "followed_1y": f"{follow} >= 365",
        "repeat_1y": f"{gap} <= 365",
        "followed_2y": f"{follow} >= 730",
        "repeat_2y": f"{gap} <= 730",
    }
    cases = ", ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END" for sql in flags.values())
    where, params = [], [*days_params, *firsts_params]
    if period.start is not None:
        where.append(f"f.{start} >= %s")
        params.append(period.start)
    if period.end is not None:
        where.append(f"f.{start} <= %s")
        params.append(period.end)
    sql = (
        f"WITH days AS ({days_sql}), "  # noqa: S608 - names from the code, values as params
        f"nexts AS (SELECT {key}, {day}, LEAD({day}) OVER (PARTITION BY {key} ORDER BY {day}) "
        f"AS next_day FROM days), "
        f"firsts AS ({firsts_sql}), "
        f"per_case AS (SELECT f.{_column('sex')}, f.{_column('aggressor')}, f.{start}, "
        f"n.next_day, (SELECT MAX({day}) FROM days) AS horizon FROM firsts f "
        f"JOIN nexts n ON n.{key} = f.{key} AND n.{day} = f.{start}"
        f"{' WHERE ' + ' AND '.join(where) if where else ''}) "
        f"SELECT {_column('sex')}, {_column('aggressor')}, {cases}, COUNT(*) FROM per_case "
        f"GROUP BY {_column('sex')}, {_column('aggressor')}, {cases}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {"sex": sex, "aggressor": aggressor, "n": n}
            | {name: bool(flag) for name, flag in zip(flags, values, strict=True)}
            for sex, aggressor, *values, n in cursor.fetchall()
        ]


def _weight(rows: Iterable[Row]) -> int:
    return sum(row.get("n", 1) for row in rows)


def _rate(spec: RateSpec, rows: list[Row], suppress: bool) -> Row:
    denominator = _weight(row for row in rows if spec.denominator(row))
    numerator = _weight(row for row in rows if spec.denominator(row) and spec.numerator(row))
    if suppress:
        shown_num, shown_den = partner_count(numerator), partner_count(denominator)
        value = round(shown_num / shown_den, 4) if shown_num is not None and shown_den else None
        return {"numerator": shown_num, "denominator": shown_den, "value": value}
    value = round(numerator / denominator, 4) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}


def _interval(rows: list[Row], suppress: bool) -> tuple[Row, int]:
    """Median and p90 over interval rows (`days`, `n`); also the negative count."""
    histogram: dict[int | None, int] = defaultdict(int)
    for row in rows:
        histogram[row["days"]] += row["n"]
    good, negative, _missing = _split(histogram)
    count = sum(good.values())
    hide = suppress and _small(count)
    return (
        {
            "numerator": _count(count, suppress),
            "denominator": _count(_weight(rows), suppress),
            "value": None if hide else histogram_median(good),
            "p90": None if hide else histogram_p90(good),
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
    case_rates, case_intervals = case_groups(collaborative, period)
    sources = {
        "cases": case_rates,
        "violations": violation_rows(collaborative, period),
        "orders": order_rows(collaborative, period),
        "recidivism": recidivism_rows(collaborative, period),
    }
    results = []
    findings: list[Row] = []
    for spec in MEASURES:
        rows = sources[spec.rows]
        if isinstance(spec, IntervalSpec):
            # Violations and orders come as interval rows already (one interval each).
            rows = case_intervals[spec.name] if spec.rows == "cases" else rows
        entry: Row = {"name": spec.name, "unit": "share" if isinstance(spec, RateSpec) else "days"}
        entry.update(_figure(spec, rows, suppress, findings))
        entry["reference"] = REFERENCES[spec.name]
        entry["breakdowns"] = {
            breakdown: [
                {"group": group, **_figure(spec, subset, suppress)}
                for group, subset in _partition(rows, key, groups).items()
            ]
            for breakdown, (key, groups) in BREAKDOWNS.items()
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
    figure, negative = _interval(rows, suppress)
    if findings is not None and negative:
        findings.append({"measure": spec.name, "negative_intervals": _count(negative, suppress)})
    return figure


# ---------------------------------------------------------------------------
# Monthly trends
# ---------------------------------------------------------------------------

# The key stages followed month by month.
TREND_STAGES: tuple[str, ...] = ("incident", "arrest", "charge_filed", "disposition")


def _months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ('YYYY-MM'), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_trends(
    collaborative: Collaborative, *, period: Period | None = None, suppress: bool = False
) -> dict[str, Any]:
    """Cases reaching each key stage, per month.

    A case counts once per stage, in the month of its first event there within the
    period (an arrest event saying nobody was arrested does not count, as in the
    funnel). Months run without gaps from the first month with data to the last; a
    month without cases shows 0. `suppress` applies the partner disclosure rule to
    every count.
    """
    period = period or Period()
    parts = [
        f"SELECT {i}, {sql_month(stage)}, COUNT(*) FROM per_case "  # noqa: S608
        f"WHERE {_column(stage)} IS NOT NULL GROUP BY {sql_month(stage)}"
        for i, stage in enumerate(TREND_STAGES)
    ]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for index, month, n in grouped(first_dates(collaborative, period, TREND_STAGES), parts):
        counts[month][TREND_STAGES[index]] = n
    months = _months(min(counts), max(counts)) if counts else []
    return {
        "stages": list(TREND_STAGES),
        "months": [
            {
                "month": month,
                "counts": {
                    stage: _count(counts.get(month, {}).get(stage, 0), suppress)
                    for stage in TREND_STAGES
                },
            }
            for month in months
        ],
        "suppressed": suppress,
    }
