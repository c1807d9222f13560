"""The measures of a collaborative and period, kept in the cache until its data changes.

The cells make each figure a sum, but a scorecard asks for eight quarters of every
measure on each view, and a public report for the same again: what is left to do is
kept in the cache, under the aggregates' version of the collaborative
(`aggregates.version`), which moves with every write of its events, cases, orders,
violations or responses. A stale entry is never read again: the next read looks
under the new version.
"""

from typing import Any

from django.core.cache import cache

from ccrhub.cases import aggregates
from ccrhub.cases.metrics.definitions import Period, response_limit_days
from ccrhub.cases.metrics.measures import measures
from ccrhub.partners.models import Collaborative

TIMEOUT_SECONDS = 24 * 3600

Version = tuple[int, int]


def version(collaborative: Collaborative) -> Version:
    return aggregates.version(collaborative.pk)


def cached_measures(
    collaborative: Collaborative, period: Period, *, at: Version | None = None
) -> dict[str, Any]:
    """`measures(collaborative, period=period)`, from the cache when nothing has changed.

    `at` is the version already read (one read serves every period of a page).
    """
    count, last = at if at is not None else version(collaborative)
    key = (
        f"ccrhub:measures:{collaborative.pk}:{count}:{last}:"
        f"{period.start}:{period.end}:{response_limit_days()}"
    )
    found = cache.get(key)
    if found is None:
        found = measures(collaborative, period=period)
        cache.set(key, found, TIMEOUT_SECONDS)
    return found
