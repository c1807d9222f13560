"""Statistics over histograms, and the partner disclosure rule for counts.

- **Median.** Of the sorted values; for an even count, the mean of the two middle
  values (so it may be a half day).
- **p90.** Nearest-rank: the value at rank ⌈0.9 × n⌉ (1-based) of the sorted values,
  always one of the observed values.

Both are read off a histogram (value → how many) without expanding it: exact, and
identical on SQLite and PostgreSQL (which do not share percentile functions).
"""

import datetime
import math
from collections.abc import Sequence

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


def count_shown(n: int, suppress: bool) -> int | None:
    return partner_count(n) if suppress else n


def is_small(n: int) -> bool:
    return 0 < n < PARTNER_SMALLEST_SHOWN


def days_between(start: datetime.date | None, end: datetime.date | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days


# ---------------------------------------------------------------------------
# The funnel
# ---------------------------------------------------------------------------
