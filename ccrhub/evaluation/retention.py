"""Retention of exports: an export goes once its download link has expired, or after the
"exports" schedule whatever its link says. Its audit event (row ids, purpose) stays."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from ccrhub.evaluation.models import Export
from ccrhub.retention.registry import Category, register


def _due(cutoff: datetime) -> Iterable[str]:
    stale = Export.objects.filter(Q(expires_at__lte=timezone.now()) | Q(created_at__lt=cutoff))
    return (str(public_id) for public_id in stale.values_list("public_id", flat=True))


def _purge(public_id: str) -> list[str]:
    Export.objects.filter(public_id=public_id).delete()
    return []


register(
    Category(
        name="exports",
        description="Exported files, once their link has expired.",
        due=_due,
        purge_one=_purge,
        object_type="evaluation.export",
    )
)
