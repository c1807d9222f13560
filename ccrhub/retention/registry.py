"""Retention categories and who purges them.

Each app registers, in its own `retention.py`, a `Category`: how to find what is past
its schedule and how to purge one record. Purging one record is also what a restore
replays from the ledger, so a record purged after a backup stays purged after a restore.

Schedules are configuration (`RETENTION_DAYS` in settings, overridable per category by
`CCRHUB_RETENTION`); audit is kept at least a year whatever the configuration says.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

AUDIT_MINIMUM_DAYS = 365


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    # Ids (as strings) of the records past the cutoff.
    due: Callable[[datetime], Iterable[str]]
    # Purge one record by id; returns the fields it blanked ([] when the record went).
    purge_one: Callable[[str], list[str]]
    object_type: str
    # A category that deletes in bulk (audit) writes one tombstone for the batch.
    ledger_each: bool = True


CATEGORIES: dict[str, Category] = {}


def register(category: Category) -> Category:
    CATEGORIES[category.name] = category
    return category


def schedule_days(name: str) -> int:
    days = int(settings.RETENTION_DAYS[name])
    if name == "audit":
        return max(days, AUDIT_MINIMUM_DAYS)
    return days


def cutoff(name: str, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=schedule_days(name))


def by_object_type(object_type: str) -> Category | None:
    return next((c for c in CATEGORIES.values() if c.object_type == object_type), None)


def describe() -> list[dict[str, Any]]:
    return [
        {"category": c.name, "days": schedule_days(c.name), "description": c.description}
        for c in sorted(CATEGORIES.values(), key=lambda c: c.name)
    ]
