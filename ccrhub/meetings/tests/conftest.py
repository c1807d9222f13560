"""Helpers of the meetings tests: a CCR meeting next week, and audit bookkeeping."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions
from ccrhub.meetings.models import Meeting


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_actions(since: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=since).order_by("pk").values_list("action", flat=True)
    )


def next_week() -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)


@pytest.fixture
def meeting(personas: Any) -> Meeting:
    """A one-off meeting of the Riverbend CCR, next week, scheduled by the coordinator."""
    return actions.schedule_meeting(
        personas.ccr,
        title="Riverbend CCR meeting",
        starts_at=next_week(),
        location="Room 204",
        actor=personas.coordinator,
    )
