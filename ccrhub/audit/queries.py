"""Reads of the audit trail: access reports, event lists and open alerts."""

from typing import Any

from ccrhub.audit.models import Alert, AlertQuerySet, AuditEvent, AuditEventQuerySet
from ccrhub.lib.access import collaboratives_where


def access_report(object_type: str, object_id: str) -> AuditEventQuerySet:
    """Who saw or changed one object, when, why and with what outcome (newest first).

    Unscoped: callers limit it to what the reader may audit (see access.py).
    """
    return AuditEvent.objects.for_object(object_type, object_id).for_list()


def events_in(
    collaborative_ids: list[int], *, object_type: str = "", object_id: str = "", action: str = ""
) -> AuditEventQuerySet:
    events = AuditEvent.objects.in_collaboratives(collaborative_ids)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action=action)
    return events.for_list()


def open_alerts_for(user: Any) -> AlertQuerySet:
    """Unacknowledged alerts in the collaboratives where the user may see alerts."""
    return (
        Alert.objects.open()
        .filter(collaborative_id__in=collaboratives_where(user, "alerts.view"))
        .select_related("actor", "collaborative")
    )
