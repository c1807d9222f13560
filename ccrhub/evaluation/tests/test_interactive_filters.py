"""The interactive filter (/api/v1/indicators/{id}/figure): two queries that differ by
one person cannot reveal that person, and query sets below the minimum are refused."""

import datetime

import pytest
from django.urls import reverse

from ccrhub.evaluation import actions, disclosure
from ccrhub.evaluation.tests.conftest import open_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrests(personas):
    goal = actions.create_goal(personas.ccr, title="Accountability", actor=personas.coordinator)
    return actions.create_indicator(
        goal,
        title="Arrest rate",
        question="how_well",
        level="performance",
        source="computed",
        measure="arrest_rate",
        actor=personas.coordinator,
    )


def figure(client, indicator, start: str, end: str):
    url = reverse("api-indicator-figure", args=[indicator.public_id])
    return client.get(url, {"from": start, "to": end})


def test_two_periods_differing_by_one_person_give_the_same_answer(
    client_as, personas, arrests
) -> None:
    open_cases(personas, incidents=20, arrests=12, on=datetime.date(2026, 2, 10))
    # One more person, arrested on 15 March.
    open_cases(personas, incidents=1, arrests=1, on=datetime.date(2026, 3, 15))
    client = client_as(personas.analyst)
    before = figure(client, arrests, "2026-01-01", "2026-03-14")
    after = figure(client, arrests, "2026-01-01", "2026-03-15")
    assert before.status_code == after.status_code == 200
    assert before.json() == after.json()
    assert before.json()["from"] == "2026-01-01" and before.json()["to"] == "2026-03-31"


def test_a_query_set_below_the_minimum_is_refused(client_as, personas, arrests) -> None:
    open_cases(
        personas, incidents=disclosure.MIN_QUERY_SET - 1, arrests=3, on=datetime.date(2026, 5, 5)
    )
    response = figure(client_as(personas.coordinator), arrests, "2026-04-01", "2026-06-30")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_minimum_is_reached_with_one_more_person(client_as, personas, arrests) -> None:
    open_cases(
        personas, incidents=disclosure.MIN_QUERY_SET, arrests=3, on=datetime.date(2026, 5, 5)
    )
    response = figure(client_as(personas.analyst), arrests, "2026-05-01", "2026-05-31")
    assert response.status_code == 200
    body = response.json()
    assert body["disclosure"] == "partner" and body["count"] is None  # 3 hides


def test_a_bad_period_is_a_client_error(client_as, personas, arrests) -> None:
    client = client_as(personas.analyst)
    assert figure(client, arrests, "2026-13-01", "2026-01-01").status_code == 400
    assert figure(client, arrests, "", "2026-01-01").status_code == 400
    assert figure(client, arrests, "2000-01-01", "2026-01-01").status_code == 400


def test_a_range_holding_a_small_quarter_is_refused(client_as, personas, arrests) -> None:
    """Q1 has 20 people, Q2 only 4: asking for Q1–Q2 and then Q1 alone would give Q2's
    figure by difference, so the range is refused."""
    open_cases(personas, incidents=20, arrests=12, on=datetime.date(2026, 2, 10))
    open_cases(personas, incidents=4, arrests=4, on=datetime.date(2026, 5, 10))
    client = client_as(personas.analyst)
    assert figure(client, arrests, "2026-01-01", "2026-03-31").status_code == 200
    assert figure(client, arrests, "2026-01-01", "2026-06-30").status_code == 422
