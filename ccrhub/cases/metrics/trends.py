"""Monthly trends: cases reaching each key stage, per month, from the maintained cells."""

from collections import defaultdict
from typing import Any

from django.db import connection

from ccrhub.cases import aggregates
from ccrhub.cases.metrics.cells import case_cells
from ccrhub.cases.metrics.definitions import TREND_STAGES, Period
from ccrhub.cases.metrics.stats import count_shown
from ccrhub.partners.models import Collaborative


def _month(index: int) -> str:
    """'YYYY-MM' of a month index (year × 12 + month − 1), as the cells store it."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


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
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    kinds = aggregates.trend_kinds(connection.vendor)
    for kind, _sex, _aggressor, month, n in case_cells(collaborative, period, kinds):
        assert month is not None
        stage = TREND_STAGES[kind - aggregates.TREND]
        per_month = counts[_month(month)]
        per_month[stage] = per_month.get(stage, 0) + n
    months = _months(min(counts), max(counts)) if counts else []
    return {
        "stages": list(TREND_STAGES),
        "months": [
            {
                "month": month,
                "counts": {
                    stage: count_shown(counts.get(month, {}).get(stage, 0), suppress)
                    for stage in TREND_STAGES
                },
            }
            for month in months
        ],
        "suppressed": suppress,
    }
