"""/api/v1/risk/: instruments in item order, and assessments scored by the server."""

from typing import Any

import pytest

from ccrhub.risk.models import Assessment
from ccrhub.survivors.actions import create_survivor

pytestmark = pytest.mark.django_db


def test_instruments_list_ids_versions_and_items_in_order(personas: Any, api_as: Any) -> None:
    body = api_as(personas.advocate).get("/api/v1/risk/instruments/").json()
    dash = next(i for i in body["results"] if i["id"] == "dash")
    assert dash["version"] == "2014"
    assert [item["id"] for item in dash["items"]] == [f"q{n}" for n in range(1, 25)]
    assert all(item["gist"] for item in dash["items"])


def test_posting_a_dash_assessment_returns_the_outcome(personas: Any, api_as: Any) -> None:
    survivor = create_survivor(personas.vsp, actor=personas.advocate)
    answers = {f"q{n}": "yes" for n in range(1, 14)} | {"q14": "unknown", "q15": "no"}
    response = api_as(personas.advocate).post(
        "/api/v1/risk/assessments/",
        {
            "instrument": "dash",
            "version": "2014",
            "answers": answers,
            "professional_judgement": {"refer": True, "reasons": "Escalating threats"},
            "survivor": str(survivor.public_id),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["band"], body["meets_referral_threshold"]) == (13, "medium", False)
    assert body["referral_indicated"] is True


def test_a_police_lap_screen_without_a_survivor_makes_a_minimal_record(
    personas: Any, api_as: Any
) -> None:
    client = api_as(personas.police_officer)
    response = client.post(
        "/api/v1/risk/assessments/",
        {"instrument": "lap", "answers": {"q4": "yes", "q5": "yes", "q6": "yes", "q8": "yes"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["meets_referral_threshold"] is True
    assessment = Assessment.objects.get()
    assert assessment.survivor.owner_agency == personas.police
    assert assessment.survivor.name == ""


def test_bad_answers_are_problems_not_assessments(personas: Any, api_as: Any) -> None:
    client = api_as(personas.police_officer)
    response = client.post(
        "/api/v1/risk/assessments/",
        {"instrument": "lap", "answers": {"q1": "maybe"}},
        format="json",
    )
    assert response.status_code == 400
    assert "answers" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_the_list_holds_only_the_callers_agency(personas: Any, api_as: Any) -> None:
    api_as(personas.police_officer).post(
        "/api/v1/risk/assessments/", {"instrument": "lap", "answers": {}}, format="json"
    )
    assert api_as(personas.advocate).get("/api/v1/risk/assessments/").json()["results"] == []
    own = api_as(personas.party_officer).get("/api/v1/risk/assessments/").json()["results"]
    assert len(own) == 1


def test_another_agencys_survivor_is_not_found(personas: Any, api_as: Any) -> None:
    survivor = create_survivor(personas.vsp, actor=personas.advocate)
    response = api_as(personas.police_officer).post(
        "/api/v1/risk/assessments/",
        {"instrument": "lap", "answers": {}, "survivor": str(survivor.public_id)},
        format="json",
    )
    assert response.status_code == 404


def test_a_refused_assessment_of_a_new_survivor_leaves_no_survivor_behind(
    personas: Any, api_as: Any
) -> None:
    """Without a survivor the assessment creates one; both happen or neither does."""
    from ccrhub.audit.models import AuditEvent
    from ccrhub.survivors.models import Survivor

    survivors, events = Survivor.objects.count(), AuditEvent.objects.count()
    response = api_as(personas.advocate).post(
        "/api/v1/risk/assessments/",
        {
            "instrument": "dash",
            "answers": {"q1": "yes"},
            "professional_judgement": {"refer": True, "reasons": ""},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "judgement_reasons" in str(response.content)
    assert (Survivor.objects.count(), AuditEvent.objects.count()) == (survivors, events)
