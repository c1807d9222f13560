"""The named measures (API.md `/api/v1/metrics/measures`), each broken down by offender
sex and by primary-aggressor determination.

The case rates and case intervals are read from the maintained cells; recidivism from
the cells of each case's first incident and next one (`ccrhub.cases.aggregates`).
Violations and orders are rows of their own, dated by detection and issue: each is
one interval, grouped in SQL by the day difference so what comes back is small.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import F, Min, Q, QuerySet

from ccrhub.cases import aggregates
from ccrhub.cases.metrics.cells import case_cells, recidivism_cells
from ccrhub.cases.metrics.definitions import (
    BREAKDOWNS,
    CASE_FLAGS,
    MEASURES,
    REFERENCES,
    IntervalSpec,
    Period,
    RateSpec,
    Row,
    response_limit_days,
)
from ccrhub.cases.metrics.funnel import split
from ccrhub.cases.metrics.stats import (
    count_shown,
    histogram_median,
    histogram_p90,
    is_small,
    partner_count,
)
from ccrhub.cases.models import Order, Violation
from ccrhub.partners.models import Collaborative


def _column(name: str) -> str:
    return connection.ops.quote_name(name)


def sql_days(start: str, end: str) -> str:
    """Whole days from column `start` to column `end` (NULL if either is NULL)."""
    return aggregates.days_sql(_column(start), _column(end), connection.vendor)


def grouped(rows: QuerySet[Any, Any], parts: Sequence[str]) -> list[tuple[Any, ...]]:
    """Run `parts` (SELECTs over `per_case`) on the rows, joined by UNION ALL.

    `rows` becomes the common table expression `per_case`. The parts are written from
    the code's own column aliases only (quoted); every value travels as a parameter.
    """
    inner, params = rows.query.sql_with_params()
    sql = f"WITH per_case AS ({inner}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def case_groups(
    collaborative: Collaborative, period: Period
) -> tuple[list[Row], dict[str, list[Row]]]:
    """The cases, grouped in one query: (rate rows, interval rows per case measure).

    Rate rows are cases with the same sex, determination and flags (`n` of them);
    interval rows are cases with the same sex, determination and day difference
    (`days`, None when the end is missing), for each case interval measure.
    """
    rates: list[Row] = []
    intervals: dict[str, list[Row]] = defaultdict(list)
    kinds = aggregates.measure_kinds(connection.vendor)
    for kind, sex, aggressor, value, n in case_cells(collaborative, period, kinds):
        row: Row = {"sex": sex, "aggressor": aggressor, "n": n}
        if kind == aggregates.MASK:
            assert value is not None
            rates.append(
                row | {name: bool(value & (1 << bit)) for bit, name in enumerate(CASE_FLAGS)}
            )
        else:
            intervals[MEASURES[kind - aggregates.INTERVAL].name].append(row | {"days": value})
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
    """
    names = ("followed_1y", "repeat_1y", "followed_2y", "repeat_2y")
    return [
        {"sex": sex, "aggressor": aggressor, "n": int(n)}
        | {name: bool(flag) for name, flag in zip(names, flags, strict=True)}
        for sex, aggressor, *flags, n in recidivism_cells(collaborative, period)
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
    good, negative, _missing = split(histogram)
    count = sum(good.values())
    hide = suppress and is_small(count)
    return (
        {
            "numerator": count_shown(count, suppress),
            "denominator": count_shown(_weight(rows), suppress),
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
        findings.append(
            {"measure": spec.name, "negative_intervals": count_shown(negative, suppress)}
        )
    return figure
