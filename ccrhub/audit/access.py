"""Fetch and authorise audit reads: what may not be audited answers like what does not exist."""

import re
import uuid
from typing import Any

from django.http import Http404

from ccrhub.audit.models import Alert, AuditEventQuerySet
from ccrhub.audit.queries import access_report
from ccrhub.lib.access import access_scoped, require_collaboratives

OBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
OBJECT_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def valid_object_reference(object_type: str, object_id: str) -> bool:
    return bool(OBJECT_TYPE.match(object_type) and OBJECT_ID.match(object_id))


def require_auditor(user: Any) -> list[int]:
    """The collaboratives the user may audit; 403 when none (the feature is not theirs)."""
    return require_collaboratives(user, "audit.view")


def access_object_report(user: Any, object_type: str, object_id: str) -> AuditEventQuerySet:
    """The access report of one object, limited to collaboratives the user may audit.

    404 when the reference is malformed or nothing about the object is auditable by
    the user: an object outside their collaboratives looks like one never seen.
    """
    collaborative_ids = require_auditor(user)
    if not valid_object_reference(object_type, object_id):
        raise Http404
    events = access_report(object_type, object_id).filter(collaborative_id__in=collaborative_ids)
    if not events.exists():
        raise Http404
    return events


def access_alert(user: Any, alert_id: uuid.UUID) -> Alert:
    alerts = Alert.objects.select_related("collaborative")
    return access_scoped(alerts, user, alert_id, permission="alerts.view")
