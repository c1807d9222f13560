"""The attrition funnel, read from the maintained cells.

- **Day granularity.** Every interval is a whole number of days between two dates.
- **Period.** Keeps the events dated within `[start, end]`, both ends included;
  either end may be open. Without a period the funnel covers all time.
- **First event.** A case counts once at a stage however many events it has there;
  intervals run from the *first* event of one stage to the *first* event of the next.
- **Data quality.** A negative interval (the later stage dated before the earlier
  one) is left out of the median and p90 and counted as a finding; so is a case at
  a stage without the previous stage (a missing interval). Nothing here raises on
  messy data.

The histograms (day difference → number of cases) are the cells
(`ccrhub.cases.aggregates`), summed in one query (`cells.case_cells`).
"""

from typing import Any

from django.db import connection

from ccrhub.cases import aggregates
from ccrhub.cases.metrics.cells import case_cells
from ccrhub.cases.metrics.definitions import EXITS, MAIN_LINE, Period
from ccrhub.cases.metrics.stats import (
    Histogram,
    count_shown,
    histogram_median,
    histogram_p90,
    is_small,
)
from ccrhub.partners.models import Collaborative


def funnel_groups(
    collaborative: Collaborative, period: Period
) -> tuple[list[dict[int | None, int]], list[int]]:
    """(per main-line stage, the cases by days from the previous stage's first date —
    None without it; exit counts), in one query."""
    histograms: list[dict[int | None, int]] = [{} for _ in MAIN_LINE]
    exits = [0] * len(EXITS)
    kinds = aggregates.funnel_kinds(connection.vendor)
    for kind, _sex, _aggressor, days, n in case_cells(collaborative, period, kinds):
        if kind >= aggregates.EXIT:
            exits[kind - aggregates.EXIT] += n
        else:
            histogram = histograms[kind - aggregates.FUNNEL]
            histogram[days] = histogram.get(days, 0) + n
    return [{d: n for d, n in h.items() if n} for h in histograms], exits


def split(histogram: dict[int | None, int]) -> tuple[Histogram, int, int]:
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
    histograms, exit_totals = funnel_groups(collaborative, period)
    for i, histogram in enumerate(histograms):
        stage = MAIN_LINE[i]
        previous = MAIN_LINE[i - 1] if i else None
        intervals, negative, missing = split(histogram) if previous else ({}, 0, 0)
        with_previous = sum(intervals.values())
        hide = suppress and is_small(with_previous)
        stages.append(
            {
                "stage": stage,
                "count": count_shown(sum(histogram.values()), suppress),
                "cases_with_previous": count_shown(with_previous, suppress) if previous else None,
                "median_days_from_previous": None if hide else histogram_median(intervals),
                "p90_days_from_previous": None if hide else histogram_p90(intervals),
            }
        )
        if previous is not None and (negative or missing):
            findings.append(
                {
                    "stage": stage,
                    "previous": previous,
                    "negative_intervals": count_shown(negative, suppress),
                    "missing_previous": count_shown(missing, suppress),
                }
            )
    exits = [
        {
            "stage": spec.stage,
            "outcome": spec.outcome,
            "after": spec.after,
            "before": spec.before,
            "count": count_shown(n, suppress),
        }
        for spec, n in zip(EXITS, exit_totals, strict=True)
    ]
    return {"stages": stages, "exits": exits, "data_quality": findings, "suppressed": suppress}
