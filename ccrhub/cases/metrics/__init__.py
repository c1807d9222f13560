"""Read-only figures over the case-tracking data: the attrition funnel, the measures and
the monthly trends, read from the aggregates the database keeps up to date
(`ccrhub.cases.aggregates`).

- `definitions`: the main line, exits, measures, their references, the period;
- `stats`: medians and p90 off histograms, the partner disclosure rule for counts;
- `cells`: summing the cells of a collaborative and period (exact over any period);
- `funnel`, `measures`, `trends`: the figures, as the API and pages give them.

Published reference values are those of the CCR domain notes (§2, offender
accountability), kept as data beside each measure.
"""

from ccrhub.cases.metrics.definitions import (
    BREAKDOWNS,
    CASE_FLAGS,
    CONVICTED_OUTCOMES,
    EXITS,
    MAIN_LINE,
    MEASURES,
    NO_ARREST_OUTCOMES,
    NOT_REACHED,
    REFERENCES,
    STORED_EXITS,
    TREND_STAGES,
    ExitSpec,
    IntervalSpec,
    Period,
    RateSpec,
    Row,
    reached,
    response_limit_days,
)
from ccrhub.cases.metrics.funnel import funnel
from ccrhub.cases.metrics.measures import measures
from ccrhub.cases.metrics.stats import (
    PARTNER_ROUNDING,
    PARTNER_SMALLEST_SHOWN,
    days_between,
    histogram_median,
    histogram_p90,
    median,
    p90,
    partner_count,
    percentile_nearest_rank,
)
from ccrhub.cases.metrics.trends import monthly_trends

__all__ = [
    "BREAKDOWNS",
    "CASE_FLAGS",
    "CONVICTED_OUTCOMES",
    "EXITS",
    "MAIN_LINE",
    "MEASURES",
    "NOT_REACHED",
    "NO_ARREST_OUTCOMES",
    "PARTNER_ROUNDING",
    "PARTNER_SMALLEST_SHOWN",
    "REFERENCES",
    "STORED_EXITS",
    "TREND_STAGES",
    "ExitSpec",
    "IntervalSpec",
    "Period",
    "RateSpec",
    "Row",
    "days_between",
    "funnel",
    "histogram_median",
    "histogram_p90",
    "measures",
    "median",
    "monthly_trends",
    "p90",
    "partner_count",
    "percentile_nearest_rank",
    "reached",
    "response_limit_days",
]
