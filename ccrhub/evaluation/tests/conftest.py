"""Fixtures of the evaluation tests: the demo county's evaluation, small-count cases,
and audit bookkeeping."""

import datetime
from typing import Any

import pytest

from ccrhub.audit.models import AuditEvent
from ccrhub.evaluation.demo import seed_demo_evaluation


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events(since: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(pk__gt=since, action__startswith="evaluation.").order_by("pk")
    )


@pytest.fixture
def demo_evaluation(personas: Any) -> Any:
    """Riverbend's goals, indicators, review, stories and public report."""
    seed_demo_evaluation(personas.county)
    return personas


def open_cases(personas: Any, *, incidents: int, arrests: int, on: datetime.date) -> None:
    """`incidents` CCR cases with an incident on `on`, the first `arrests` arrested."""
    from ccrhub.cases import actions

    for n in range(incidents):
        case = actions.open_case(
            personas.ccr,
            external_ref=f"T-{on.isoformat()}-{n}",
            offender_ref=f"OFF-{on.isoformat()}-{n}",
            opened_on=on,
            actor=personas.police_officer,
        )
        actions.record_event(case, stage="incident", occurred_on=on, actor=personas.police_officer)
        if n < arrests:
            actions.record_event(
                case,
                stage="arrest",
                occurred_on=on,
                outcome="single",
                actor=personas.police_officer,
            )
