"""GET /api/v1/audit/events and /api/v1/audit/access-report: coordinators only."""

from typing import Any

import pytest

from ccrhub.audit.log import record
from ccrhub.audit.tests.helpers import make_collaborative, make_person, signed_in
from ccrhub.partners.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("ccrhub.audit.tests.urls")]


@pytest.fixture
def story() -> dict[str, Any]:
    riverside = make_collaborative()
    hill = make_collaborative("Hill County CCR")
    people = {
        "riverside": riverside,
        "hill": hill,
        "coordinator": make_person(riverside, Role.COORDINATOR),
        "officer": make_person(riverside, Role.MEMBER),
        "analyst": make_person(riverside, Role.ANALYST),
        "hill_coordinator": make_person(hill, Role.COORDINATOR),
    }
    record(actor=people["officer"], action="collaborative.viewed", target=riverside)
    record(actor=people["hill_coordinator"], action="collaborative.viewed", target=hill)
    return people


def test_the_coordinator_lists_events_of_their_collaborative_only(story: dict[str, Any]) -> None:
    response = signed_in(story["coordinator"]).get("/api/v1/audit/events")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "next"}
    assert [e["collaborative"] for e in body["results"]] == [str(story["riverside"].public_id)]
    event = body["results"][0]
    assert set(event) == {
        "id",
        "occurred_at",
        "actor",
        "actor_name",
        "actor_agency",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "collaborative",
        "compartment",
        "reason",
        "outcome",
        "request_id",
        "details",
    }
    assert event["actor"] == str(story["officer"].public_id)
    assert event["action"] == "collaborative.viewed"


def test_events_filter_by_object(story: dict[str, Any]) -> None:
    client = signed_in(story["coordinator"])
    url = (
        "/api/v1/audit/events?object_type=partners.collaborative"
        f"&object_id={story['riverside'].public_id}"
    )
    assert len(client.get(url).json()["results"]) == 1
    url = "/api/v1/audit/events?object_type=partners.collaborative&object_id=nothing-here"
    assert client.get(url).json()["results"] == []


def test_asking_for_another_collaborative_is_not_found(story: dict[str, Any]) -> None:
    response = signed_in(story["coordinator"]).get(
        f"/api/v1/audit/events?collaborative={story['hill'].public_id}"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", ["officer", "analyst"])
def test_people_who_coordinate_nothing_are_forbidden(story: dict[str, Any], persona: str) -> None:
    client = signed_in(story[persona])
    assert client.get("/api/v1/audit/events").status_code == 403
    url = (
        "/api/v1/audit/access-report?object_type=partners.collaborative"
        f"&object_id={story['riverside'].public_id}"
    )
    assert client.get(url).status_code == 403


def test_anonymous_callers_get_401(story: dict[str, Any]) -> None:
    from django.test import Client

    assert Client().get("/api/v1/audit/events").status_code == 401


def test_the_access_report_endpoint_lists_who_saw_the_object(story: dict[str, Any]) -> None:
    url = (
        "/api/v1/audit/access-report?object_type=partners.collaborative"
        f"&object_id={story['riverside'].public_id}"
    )
    response = signed_in(story["coordinator"]).get(url)
    assert response.status_code == 200
    assert [e["actor"] for e in response.json()["results"]] == [str(story["officer"].public_id)]


def test_the_access_report_of_an_object_elsewhere_is_not_found(story: dict[str, Any]) -> None:
    client = signed_in(story["coordinator"])
    elsewhere = (
        "/api/v1/audit/access-report?object_type=partners.collaborative"
        f"&object_id={story['hill'].public_id}"
    )
    missing = "/api/v1/audit/access-report?object_type=partners.collaborative&object_id=nope"
    first, second = client.get(elsewhere), client.get(missing)
    assert first.status_code == second.status_code == 404
    assert first.json() == second.json()


def test_the_access_report_needs_both_parameters(story: dict[str, Any]) -> None:
    response = signed_in(story["coordinator"]).get("/api/v1/audit/access-report")
    assert response.status_code == 400


def test_the_event_list_costs_the_same_queries_for_one_event_or_many(
    story: dict[str, Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(story["coordinator"])
    client.get("/api/v1/audit/events")  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/audit/events").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        record(actor=story["officer"], action="collaborative.viewed", target=story["riverside"])
    # Session, user, MFA check, roles, the page of events with actor, agency and
    # collaborative joined: never one more per event.
    assert queries() == few
