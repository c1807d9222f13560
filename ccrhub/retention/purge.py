"""The purge: find what is past its schedule, purge it, leave a tombstone per record.

A dry run (the default of `manage.py purge`) only counts. A committed purge runs each
category in one transaction with its tombstones and its audit event, so a crash in the
middle leaves either the whole category purged or none of it. Caches are cleared once
something was purged, since they may hold figures derived from the purged rows.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ccrhub.audit.log import record
from ccrhub.retention import registry
from ccrhub.retention.models import Tombstone


@dataclass
class PurgeReport:
    committed: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def run(
    *, commit: bool, now: datetime | None = None, categories: list[str] | None = None
) -> PurgeReport:
    now = now or timezone.now()
    report = PurgeReport(committed=commit)
    for name in categories or sorted(registry.CATEGORIES):
        category = registry.CATEGORIES[name]
        due = [str(object_id) for object_id in category.due(registry.cutoff(name, now))]
        if commit and due:
            _purge_category(category, due)
        report.counts[name] = len(due)
    if commit and report.total:
        cache.clear()
    return report


@transaction.atomic
def _purge_category(category: registry.Category, ids: list[str]) -> None:
    for object_id in ids:
        fields = category.purge_one(object_id)
        Tombstone.objects.create(
            category=category.name,
            object_type=category.object_type,
            object_id=object_id,
            fields=fields,
        )
    record(
        actor=None,
        action="retention.purge",
        target=None,
        details={"category": category.name, "count": len(ids)},
    )


def replay(tombstones: list[Tombstone]) -> int:
    """Purge again what the ledger says was purged (after a restore); the number replayed."""
    replayed = 0
    with transaction.atomic():
        for tombstone in tombstones:
            category = registry.CATEGORIES.get(tombstone.category)
            if category is not None:
                category.purge_one(tombstone.object_id)
                replayed += 1
    return replayed
