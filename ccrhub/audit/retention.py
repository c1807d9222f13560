"""Retention of the audit trail: kept at least a year, then deleted in one sanctioned step.

The ledger records the cutoff itself, so a restore deletes again everything older.
"""

from collections.abc import Iterable
from datetime import datetime

from ccrhub.audit.integrity import delete_events_before
from ccrhub.audit.models import AuditEvent
from ccrhub.retention.registry import Category, register


def _due(cutoff: datetime) -> Iterable[str]:
    if AuditEvent.objects.filter(occurred_at__lt=cutoff).exists():
        return [cutoff.isoformat()]
    return []


def _purge(cutoff_iso: str) -> list[str]:
    delete_events_before(datetime.fromisoformat(cutoff_iso))
    return []


register(
    Category(
        name="audit",
        description="Audit events older than the schedule (never less than a year).",
        due=_due,
        purge_one=_purge,
        object_type="audit.auditevent.before",
    )
)
