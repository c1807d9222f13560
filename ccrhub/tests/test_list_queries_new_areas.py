"""List pages of the newer areas cost the same number of queries however many rows they
show: cross-training, participation, reviews, recommendations, risk assessments."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    client.get(url)  # warm the session and role caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _flat(client: Any, url: str, add: Callable[[int], None]) -> None:
    add(1)
    few = _count(client, url)
    add(5)
    assert _count(client, url) == few


def test_cross_training(personas: Any, client_as: Any) -> None:
    from ccrhub.meetings import crosstraining

    def add(n: int) -> None:
        for k in range(n):
            session = crosstraining.schedule_training_session(
                personas.ccr,
                agency=personas.police,
                title=f"Session {k}",
                starts_at=timezone.now() - datetime.timedelta(days=k + 1),
                actor=personas.coordinator,
            )
            crosstraining.record_training_attendance(
                session, attendees=[personas.advocate], actor=personas.coordinator
            )

    _flat(client_as(personas.coordinator), f"/meetings/training/{personas.ccr.public_id}/", add)


def test_participation(personas: Any, client_as: Any) -> None:
    from ccrhub.meetings import participation

    def add(n: int) -> None:
        for k in range(n):
            person = participation.add_participant(
                personas.ccr,
                kind="survivor_advisor",
                name=f"Advisor {k}",
                hourly_rate=Decimal("25"),
                actor=personas.coordinator,
            )
            row = participation.record_participation(
                person,
                on=datetime.date(2026, 3, 2),
                hours=Decimal("2"),
                activity="Review",
                actor=personas.coordinator,
            )
            participation.pay_participation(row, actor=personas.coordinator)

    url = f"/meetings/participation/{personas.ccr.public_id}/"
    _flat(client_as(personas.coordinator), url, add)


@pytest.mark.parametrize("url", ["/reviews/", "/reviews/recommendations/"])
def test_reviews_and_recommendations(personas: Any, client_as: Any, url: str) -> None:
    from ccrhub.reviews import actions

    def add(n: int) -> None:
        for k in range(n):
            actions.create_review(
                personas.ccr, kind="audit", title=f"Audit {k}", actor=personas.coordinator
            )
            actions.record_recommendation(
                "conference_escalation",
                f"ref-{k}",
                personas.police,
                "Serve orders within three days",
                "orders",
                datetime.date(2026, 6, 1),
                actor=personas.coordinator,
                collaborative=personas.ccr,
            )

    _flat(client_as(personas.coordinator), url, add)


def test_risk_assessments(personas: Any, client_as: Any) -> None:
    from ccrhub.risk.actions import record_assessment
    from ccrhub.survivors.actions import create_survivor

    def add(n: int) -> None:
        for _ in range(n):
            survivor = create_survivor(personas.vsp, actor=personas.advocate)
            record_assessment(
                survivor,
                "dash",
                {f"q{i}": "yes" for i in range(1, 15)},
                actor=personas.advocate,
                agency=personas.vsp,
                assessed_on=datetime.date(2026, 3, 2),
            )

    _flat(client_as(personas.advocate), "/risk/", add)
