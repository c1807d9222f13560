"""/api/v1/metrics/funnel and /measures: who gets exact figures, who gets the partner rule."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.cases.metrics import partner_count
from ccrhub.cases.models import Event
from ccrhub.cases.tests.test_funnel import build_hand_world, d, open_case

pytestmark = pytest.mark.django_db

FUNNEL = "/api/v1/metrics/funnel"
MEASURES = "/api/v1/metrics/measures"


def stage_counts(body: dict[str, Any]) -> dict[str, Any]:
    return {s["stage"]: s["count"] for s in body["stages"]}


def test_partner_rule_hides_one_to_seven_and_rounds_to_five() -> None:
    assert [partner_count(n) for n in (0, 1, 7, 8, 12, 13, 102)] == [0, None, None, 10, 10, 15, 100]


def test_the_coordinator_reads_exact_figures(personas: Any, api_as: Any) -> None:
    build_hand_world(personas)
    response = api_as(personas.coordinator).get(FUNNEL, {"collaborative": personas.ccr.public_id})
    assert response.status_code == 200
    body = response.json()
    assert body["suppressed"] is False
    assert stage_counts(body)["incident"] == 5 and stage_counts(body)["bip_completion"] == 1


def test_the_analyst_reads_aggregates_under_the_partner_rule(personas: Any, api_as: Any) -> None:
    build_hand_world(personas)
    for n in range(10):  # 15 incidents in all: shown, rounded to 15
        case = open_case(personas, f"X{n}")
        Event.objects.create(
            case=case, stage="incident", occurred_on=d(6, 1), agency=personas.police
        )
    body = api_as(personas.analyst).get(FUNNEL, {"collaborative": personas.ccr.public_id}).json()
    assert body["suppressed"] is True
    counts = stage_counts(body)
    assert counts["incident"] == 15 and counts["arrest"] is None and counts["bip_enrolment"] is None
    assert body["stages"][1]["median_days_from_previous"] is None  # rests on 4 cases


def test_the_period_narrows_the_funnel_and_bad_dates_are_refused(
    personas: Any, api_as: Any
) -> None:
    build_hand_world(personas)
    client = api_as(personas.coordinator)
    ccr = personas.ccr.public_id
    narrowed = client.get(FUNNEL, {"collaborative": ccr, "from": "2025-02-01", "to": "2025-03-31"})
    assert stage_counts(narrowed.json())["incident"] == 4
    bad = client.get(FUNNEL, {"collaborative": ccr, "from": "01/02/2025"})
    assert bad.status_code == 400 and "from" in bad.json()["errors"]
    backwards = client.get(
        MEASURES, {"collaborative": ccr, "from": "2025-03-01", "to": "2025-01-01"}
    )
    assert backwards.status_code == 400 and "to" in backwards.json()["errors"]


def test_the_outsider_gets_404_for_another_collaboratives_funnel(
    personas: Any, api_as: Any
) -> None:
    build_hand_world(personas)
    client = api_as(personas.outsider)
    assert client.get(FUNNEL, {"collaborative": personas.ccr.public_id}).status_code == 404
    assert client.get(FUNNEL, {"collaborative": "not-a-uuid"}).status_code == 404
    assert client.get(FUNNEL).status_code == 404


def test_a_community_member_may_not_read_the_figures(personas: Any, api_as: Any) -> None:
    response = api_as(personas.community_member).get(
        MEASURES, {"collaborative": personas.ccr.public_id}
    )
    assert response.status_code == 403


def test_measures_answer_with_named_figures(personas: Any, api_as: Any) -> None:
    build_hand_world(personas)
    body = (
        api_as(personas.prosecutor).get(MEASURES, {"collaborative": personas.ccr.public_id}).json()
    )
    prosecution = next(m for m in body["measures"] if m["name"] == "prosecution_rate")
    assert (prosecution["numerator"], prosecution["denominator"], prosecution["value"]) == (
        4,
        5,
        0.8,
    )
    assert {"name", "numerator", "denominator", "value", "reference"} <= set(prosecution)


def test_the_funnel_endpoint_costs_the_same_queries_whatever_the_data(
    personas: Any, api_as: Any
) -> None:
    client = api_as(personas.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FUNNEL, {"collaborative": personas.ccr.public_id}).status_code == 200
        return len(captured)

    queries()  # warm the token and role caches alike for both measurements
    empty = queries()
    build_hand_world(personas)
    for n in range(50):
        case = open_case(personas, f"Y{n}")
        Event.objects.create(
            case=case, stage="incident", occurred_on=d(6, 1), agency=personas.police
        )
    assert queries() == empty
