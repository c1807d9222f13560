"""Writes of the audit area: acknowledging alerts, noting who read an access report."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from ccrhub.audit.log import append_event, record
from ccrhub.audit.models import Alert


@transaction.atomic
def acknowledge_alert(alert: Alert, *, actor: Any) -> Alert:
    """A coordinator has looked into an alert; idempotent, audited."""
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record(actor=actor, action="alert.acknowledged", target=alert, details={"rule": alert.rule})
    return alert


@transaction.atomic
def record_report_read(
    *, actor: Any, object_type: str, object_id: str, collaborative_id: int | None
) -> None:
    """Reading an access report is itself a read of sensitive data (who looked at whom)."""
    append_event(
        actor=actor,
        action="audit.report_read",
        object_type=object_type,
        object_id=object_id,
        collaborative_id=collaborative_id,
    )
