"""Helpers of the outreach tests: an activity of the police department, and audit
bookkeeping."""

import datetime
from typing import Any

import pytest

from ccrhub.audit.models import AuditEvent
from ccrhub.outreach import actions
from ccrhub.outreach.models import Activity


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events(since: int) -> list[AuditEvent]:
    """Outreach events since `since` (signing in is audited too, and is not ours)."""
    return list(
        AuditEvent.objects.filter(pk__gt=since, action__startswith="outreach.").order_by("pk")
    )


def record(personas: Any, **overrides: Any) -> Activity:
    """An activity of the Riverbend CCR, recorded by the coordinator."""
    fields: dict[str, Any] = {
        "title": "Protection orders explained",
        "kind": "event",
        "starts_on": datetime.date(2026, 3, 5),
        "agency": personas.police,
        "setting": "fairs",
        "levels": ["individual"],
        "audience_size": 41,
        "languages": "English, Spanish",
    }
    fields.update(overrides)
    return actions.record_activity(personas.ccr, actor=personas.coordinator, **fields)


@pytest.fixture
def police_event(personas: Any) -> Activity:
    """A community night on protection orders, delivered by the police department."""
    return record(personas)
