"""/api/v1/highrisk/: referrals (repeat computed, 409 on a stale version), conferences
with their agenda, SMART actions; hidden things answer 404 like missing ones."""

import datetime
from typing import Any

import pytest

from ccrhub.accounts.restrictions import restrict
from ccrhub.highrisk import actions
from ccrhub.highrisk.tests.conftest import conference, refer

pytestmark = pytest.mark.django_db

REFERRAL = {
    "referred_on": "2026-03-02",
    "victim_ref": "Maria Lopez 1990-04-12",
    "perpetrator_ref": "Dan Lopez 1988-01-30",
    "professional_judgement": True,
    "judgement_reasons": "Threats to kill.",
    "consented": True,
}


def test_posting_a_referral_computes_the_repeat(personas: Any, api_as: Any):
    refer(personas, on=datetime.date(2025, 5, 1))
    api = api_as(personas.advocate)
    response = api.post(
        "/api/v1/highrisk/referrals/",
        {**REFERRAL, "collaborative": str(personas.marac.public_id)},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_repeat"] is True
    assert "repeat" in response.json()["criteria"]
    assert "victim_ref" not in response.json()


def test_a_stale_version_answers_409(personas: Any, api_as: Any):
    referral = refer(personas)
    api = api_as(personas.advocate)
    url = f"/api/v1/highrisk/referrals/{referral.public_id}"
    assert api.patch(url, {"version": 1, "children_count": 2}, format="json").status_code == 200
    stale = api.patch(url, {"version": 1, "children_count": 3}, format="json")
    assert stale.status_code == 409
    assert stale["Content-Type"].startswith("application/problem+json")


def test_other_members_read_but_may_not_change_a_referral(personas: Any, api_as: Any):
    referral = refer(personas)
    url = f"/api/v1/highrisk/referrals/{referral.public_id}"
    api = api_as(personas.prosecutor)
    body = api.get(url).json()
    assert body["victim_name"] is None and body["safe_contacts"] is None
    assert api.patch(url, {"version": 1, "children_count": 2}, format="json").status_code == 403
    assert api_as(personas.outsider).get(url).status_code == 404


def test_the_agenda_says_restricted_and_nothing_more(personas: Any, api_as: Any):
    hidden = refer(personas, victim_ref="Q", perpetrator_ref="R")
    refer(personas, victim_ref="S", perpetrator_ref="T")
    restrict(hidden, actor=personas.coordinator, user=personas.police_officer)
    meeting = conference(personas)
    actions.build_agenda(meeting, actor=personas.coordinator)
    rows = (
        api_as(personas.police_officer)
        .get(f"/api/v1/highrisk/conferences/{meeting.public_id}/agenda")
        .json()["results"]
    )
    assert [row["restricted"] for row in rows].count(True) == 1
    assert all(set(row) == {"position", "restricted"} for row in rows if row["restricted"])


def test_conferences_and_actions_round_trip(personas: Any, api_as: Any):
    refer(personas)
    api = api_as(personas.coordinator)
    created = api.post(
        "/api/v1/highrisk/conferences/",
        {"collaborative": str(personas.marac.public_id), "held_on": "2026-03-12"},
        format="json",
    )
    assert created.status_code == 201
    conference_id = created.json()["id"]
    agenda = api.post(f"/api/v1/highrisk/conferences/{conference_id}/agenda").json()["results"]
    posted = api.post(
        "/api/v1/highrisk/actions/",
        {
            "case": agenda[0]["case"],
            "owner_agency": str(personas.police.public_id),
            "risk_target": "perpetrator",
            "description": "Check bail conditions",
            "due_on": "2026-03-20",
        },
        format="json",
    )
    assert posted.status_code == 201, posted.content
    action_id = posted.json()["id"]
    officer = api_as(personas.police_officer)
    done = officer.patch(
        f"/api/v1/highrisk/actions/{action_id}", {"version": 1, "status": "complete"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "complete"
    assert (
        officer.post(
            "/api/v1/highrisk/conferences/",
            {"collaborative": str(personas.marac.public_id), "held_on": "2026-04-09"},
            format="json",
        ).status_code
        == 403
    )
    listed = officer.get("/api/v1/highrisk/actions/?status=complete").json()["results"]
    assert [row["id"] for row in listed] == [action_id]
