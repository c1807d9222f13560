"""/api/v1/cases/{id}/events and /api/v1/events/{id}: agency systems record and correct."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.cases import actions
from ccrhub.cases.models import Event

pytestmark = pytest.mark.django_db


def events_url(case) -> str:
    return f"/api/v1/cases/{case.public_id}/events"


def test_officer_posts_an_arrest_and_the_case_moves_to_it(personas, ccr_case, api_as):
    api = api_as(personas.police_officer)
    response = api.post(
        events_url(ccr_case),
        {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "single"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stage"] == "arrest" and body["agency_code"] == personas.police.short_code
    assert body["agency"] == str(personas.police.public_id) and body["version"] == 1
    case = api.get(f"/api/v1/cases/{ccr_case.public_id}").json()
    assert case["current_stage"] == "arrest"


def test_posting_the_same_event_again_answers_200_and_keeps_one_row(personas, ccr_case, api_as):
    api = api_as(personas.police_officer)
    payload = {"stage": "incident", "occurred_on": "2026-03-01"}
    assert api.post(events_url(ccr_case), payload, format="json").status_code == 201
    assert api.post(events_url(ccr_case), payload, format="json").status_code == 200
    assert Event.objects.filter(case=ccr_case).count() == 1


def test_coordinator_names_the_agency_by_short_code_or_id(personas, ccr_case, api_as):
    api = api_as(personas.coordinator)
    by_code = api.post(
        events_url(ccr_case),
        {"stage": "first_appearance", "occurred_on": "2026-03-05", "agency": "court"},
        format="json",
    )
    by_id = api.post(
        events_url(ccr_case),
        {
            "stage": "charge_filed",
            "occurred_on": "2026-03-04",
            "agency": str(personas.prosecutor_office.public_id),
        },
        format="json",
    )
    assert (by_code.status_code, by_id.status_code) == (201, 201), by_code.content
    unknown = api.post(
        events_url(ccr_case),
        {"stage": "arrest", "occurred_on": "2026-03-04", "agency": "no-such-agency"},
        format="json",
    )
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == "application/problem+json"
    assert "agency" in unknown.json()["errors"]


def test_invalid_stage_or_outcome_is_a_problem_with_field_errors(personas, ccr_case, api_as):
    api = api_as(personas.police_officer)
    bad_stage = api.post(
        events_url(ccr_case), {"stage": "lunch", "occurred_on": "2026-03-02"}, format="json"
    )
    bad_outcome = api.post(
        events_url(ccr_case),
        {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "fine"},
        format="json",
    )
    assert bad_stage.status_code == bad_outcome.status_code == 400
    assert "stage" in bad_stage.json()["errors"]
    assert "outcome" in bad_outcome.json()["errors"]
    assert not Event.objects.exists()


def test_a_prosecutor_cannot_post_for_the_police_nor_patch_their_event(personas, ccr_case, api_as):
    event = actions.record_event(
        ccr_case,
        stage="arrest",
        occurred_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )
    api = api_as(personas.prosecutor)
    posted = api.post(
        events_url(ccr_case),
        {"stage": "arrest", "occurred_on": "2026-03-03", "agency": "police"},
        format="json",
    )
    patched = api.patch(
        f"/api/v1/events/{event.public_id}", {"version": 1, "outcome": "dual"}, format="json"
    )
    assert posted.status_code == patched.status_code == 403
    event.refresh_from_db()
    assert event.outcome == ""


def test_an_agency_that_records_no_stage_is_refused_alike_by_page_and_api(
    personas, ccr_case, api_as, client_as
):
    # The advocate's agency (the victim-service provider) records no stage of a case.
    body = {"stage": "arrest", "occurred_on": "2026-03-03"}
    posted = api_as(personas.advocate).post(events_url(ccr_case), body, format="json")
    empty = api_as(personas.advocate).post(events_url(ccr_case), {}, format="json")
    page = client_as(personas.advocate).post(f"/cases/{ccr_case.public_id}/events/new/", body)

    assert posted.status_code == empty.status_code == page.status_code == 403
    assert not Event.objects.exists()


def test_patch_corrects_the_outcome_and_a_stale_version_is_409(personas, ccr_case, api_as):
    event = actions.record_event(
        ccr_case,
        stage="arrest",
        occurred_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )
    api = api_as(personas.police_officer)
    url = f"/api/v1/events/{event.public_id}"
    first = api.patch(url, {"version": 1, "outcome": "dual", "stage": "trial"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    assert first.json()["stage"] == "arrest"  # not on the allow-list
    stale = api.patch(url, {"version": 1, "outcome": "none"}, format="json")
    assert stale.status_code == 409
    missing = api.patch(url, {"outcome": "none"}, format="json")
    assert missing.status_code == 400


def test_the_list_is_oldest_first_and_pages_with_a_cursor(personas, ccr_case, api_as):
    officer = personas.police_officer
    for day in (5, 1, 3):
        actions.record_event(
            ccr_case, stage="incident", occurred_on=datetime.date(2026, 3, day), actor=officer
        )
    api = api_as(officer)
    page = api.get(events_url(ccr_case), {"page_size": 2}).json()
    assert [e["occurred_on"] for e in page["results"]] == ["2026-03-01", "2026-03-03"]
    rest = api.get(page["next"]).json()
    assert [e["occurred_on"] for e in rest["results"]] == ["2026-03-05"]
    assert rest["next"] is None


def test_the_party_officer_and_the_outsider_get_404(personas, party_case, api_as):
    for user in (personas.party_officer, personas.outsider):
        assert api_as(user).get(events_url(party_case)).status_code == 404
    # The analyst's roles read no cases anywhere: refused before the case is looked up.
    assert api_as(personas.analyst).get(events_url(party_case)).status_code == 403


def test_case_list_filters_by_current_stage(personas, ccr_case, party_case, api_as):
    officer = personas.police_officer
    actions.record_event(
        ccr_case, stage="incident", occurred_on=datetime.date(2026, 3, 1), actor=officer
    )
    actions.record_event(
        ccr_case, stage="arrest", occurred_on=datetime.date(2026, 3, 2), actor=officer
    )
    actions.record_event(
        party_case, stage="incident", occurred_on=datetime.date(2026, 4, 9), actor=officer
    )
    api = api_as(personas.coordinator)
    arrested = api.get("/api/v1/cases/", {"stage": "arrest"}).json()["results"]
    assert [c["external_ref"] for c in arrested] == [ccr_case.external_ref]
    assert arrested[0]["current_stage"] == "arrest"
    incident = api.get("/api/v1/cases/", {"stage": "incident"}).json()["results"]
    assert [c["external_ref"] for c in incident] == [party_case.external_ref]
    assert api.get("/api/v1/cases/", {"stage": "lunch"}).status_code == 400


def test_events_list_query_count_does_not_grow_with_the_events(personas, ccr_case, api_as):
    api = api_as(personas.police_officer)
    url = events_url(ccr_case)

    def list_queries(count: int) -> int:
        start = Event.objects.filter(case=ccr_case).count()
        for n in range(start, start + count):
            actions.record_event(
                ccr_case,
                stage="incident",
                occurred_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
                actor=personas.police_officer,
            )
        api.get(url)  # warm: the token's last use is written once a minute
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    # the token (with its user), roles, the case, its restriction check, and one page
    # of events with their agency and case joined
    assert list_queries(2) == list_queries(30)
