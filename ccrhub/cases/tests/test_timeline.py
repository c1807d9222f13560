"""The case page: a timeline of every track with its gaps, entry forms, repeat incidents."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases import actions
from ccrhub.cases.models import Event, Violation
from ccrhub.cases.timeline import case_timeline

pytestmark = pytest.mark.django_db

D = datetime.date


def test_all_tracks_share_one_time_axis_oldest_first(personas, ccr_case):
    officer, coordinator = personas.police_officer, personas.coordinator
    actions.record_event(ccr_case, stage="arrest", occurred_on=D(2026, 3, 2), actor=officer)
    actions.record_event(
        ccr_case,
        stage="charge_filed",
        occurred_on=D(2026, 3, 4),
        track="C-1",
        actor=personas.prosecutor,
    )
    actions.issue_order(
        ccr_case,
        kind="no_contact",
        issued_on=D(2026, 3, 3),
        issued_by=personas.court,
        actor=coordinator,
    )
    actions.record_violation(
        ccr_case, kind="technical", detected_on=D(2026, 3, 10), actor=personas.probation_officer
    )
    timeline = case_timeline(ccr_case, today=D(2026, 3, 12))
    assert [(e.on.day, e.title) for e in timeline.entries] == [
        (2, "Arrest"),
        (3, "Issued"),
        (4, "Charges filed"),
        (10, "Technical violation"),
    ]
    assert len(timeline.tracks) == 4
    assert timeline.gaps == []  # two days without a response is within the limit


def test_a_violation_without_a_response_after_the_limit_is_a_gap(personas, ccr_case, settings):
    settings.CCRHUB_VIOLATION_RESPONSE_DAYS = 5
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=D(2026, 3, 1), actor=personas.probation_officer
    )
    [gap] = case_timeline(ccr_case, today=D(2026, 3, 9)).gaps
    assert "8 days" in gap.gap and "limit 5" in gap.gap
    assert case_timeline(ccr_case, today=D(2026, 3, 6)).gaps == []
    # A late answer stays visible as a gap: it was answered after 7 days.
    actions.record_violation_response(
        violation, kind="warning", responded_on=D(2026, 3, 8), actor=personas.probation_officer
    )
    [late] = case_timeline(ccr_case, today=D(2026, 4, 1)).gaps
    assert "Answered after 7 days" in late.gap


def test_a_bip_referral_not_enrolled_after_n_days_is_a_gap(personas, ccr_case, settings):
    settings.CCRHUB_BIP_ENROLMENT_DAYS = 30
    bip = personas.bip
    actions.record_event(
        ccr_case,
        stage="bip_referral",
        occurred_on=D(2026, 1, 1),
        agency=bip,
        actor=personas.coordinator,
    )
    [gap] = case_timeline(ccr_case, today=D(2026, 2, 15)).gaps
    assert gap.title == "Referred to a batterer intervention program"
    assert "Not enrolled after 45 days" in gap.gap
    actions.record_event(
        ccr_case,
        stage="bip_enrolment",
        occurred_on=D(2026, 1, 20),
        agency=bip,
        actor=personas.coordinator,
    )
    assert case_timeline(ccr_case, today=D(2026, 2, 15)).gaps == []


def test_the_timeline_costs_four_queries_however_long(personas, ccr_case):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            case_timeline(ccr_case, today=D(2026, 12, 1))
        return len(captured)

    for n in range(1, 6):
        actions.record_event(
            ccr_case, stage="incident", occurred_on=D(2026, 1, n), actor=personas.police_officer
        )
        violation = actions.record_violation(
            ccr_case, kind="technical", detected_on=D(2026, 1, n), actor=personas.probation_officer
        )
        actions.record_violation_response(
            violation, kind="warning", responded_on=D(2026, 1, n), actor=personas.probation_officer
        )
    # events with agencies, orders with agencies, violations, their responses
    assert queries() == 4


def test_the_case_page_shows_the_timeline_gaps_and_entry_links(personas, ccr_case, client_as):
    actions.record_violation(
        ccr_case, kind="new_offence", detected_on=D(2026, 3, 1), actor=personas.probation_officer
    )
    page = client_as(personas.probation_officer).get(f"/cases/{ccr_case.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="case-timeline"' in html and "New offence" in html
    assert "gaps-heading" in html  # the detection is months before today
    assert f"/cases/{ccr_case.public_id}/events/new/" in html
    assert "/responses/new/" in html
    assert "style=" not in html and "<script>" not in html


def test_officer_records_an_arrest_through_the_form(personas, ccr_case, client_as):
    client = client_as(personas.police_officer)
    url = f"/cases/{ccr_case.public_id}/events/new/"
    form = client.get(url).content.decode()
    assert 'value="arrest"' in form and 'value="disposition"' not in form
    response = client.post(
        url, {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "single", "track": ""}
    )
    assert response.status_code == 302
    event = Event.objects.get(case=ccr_case)
    assert (event.stage, event.outcome, event.agency) == ("arrest", "single", personas.police)


def test_the_form_shows_the_stage_models_refusal_as_a_field_error(personas, ccr_case, client_as):
    response = client_as(personas.police_officer).post(
        f"/cases/{ccr_case.public_id}/events/new/",
        {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "acquitted"},
    )
    assert response.status_code == 200
    assert "Not an outcome of this stage." in response.content.decode()
    assert not Event.objects.exists()


def test_the_coordinator_records_for_a_member_agency(personas, ccr_case, client_as):
    response = client_as(personas.coordinator).post(
        f"/cases/{ccr_case.public_id}/events/new/",
        {
            "stage": "sentence",
            "occurred_on": "2026-06-01",
            "outcome": "probation",
            "agency": str(personas.court.public_id),
        },
    )
    assert response.status_code == 302
    assert Event.objects.get().agency == personas.court


def test_probation_answers_a_violation_through_the_form(personas, ccr_case, client_as):
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=D(2026, 3, 1), actor=personas.probation_officer
    )
    client = client_as(personas.probation_officer)
    url = f"/cases/violations/{violation.public_id}/responses/new/"
    early = client.post(url, {"kind": "warning", "responded_on": "2026-02-01"})
    assert "A response cannot precede the violation." in early.content.decode()
    done = client.post(url, {"kind": "revocation", "responded_on": "2026-03-02"})
    assert done.status_code == 302
    assert Violation.objects.get().responses.get().kind == "revocation"


def test_repeat_incidents_list_only_cases_the_user_may_see(personas, client_as):
    officer = personas.police_officer
    first = actions.open_case(
        personas.ccr, external_ref="R-1", offender_ref="P-1", opened_on=D(2026, 1, 1), actor=officer
    )
    actions.open_case(
        personas.ccr, external_ref="R-2", offender_ref="p 1", opened_on=D(2026, 2, 1), actor=officer
    )
    hidden = actions.open_case(
        personas.ccr, external_ref="R-3", offender_ref="P1", opened_on=D(2026, 3, 1), actor=officer
    )
    restrict(hidden, actor=personas.coordinator, user=personas.prosecutor)
    actions.open_case(
        personas.ccr, external_ref="R-4", offender_ref="P-2", opened_on=D(2026, 3, 1), actor=officer
    )
    html = client_as(personas.prosecutor).get(f"/cases/{first.public_id}/").content.decode()
    section = html[html.index("repeats-heading") :]
    assert "R-2" in section and "R-3" not in section and "R-4" not in section
    coordinator = client_as(personas.coordinator).get(f"/cases/{first.public_id}/")
    assert "R-3" in coordinator.content.decode()


def test_case_list_filters_and_shows_the_current_stage(personas, ccr_case, party_case, client_as):
    actions.record_event(
        ccr_case, stage="arrest", occurred_on=D(2026, 3, 2), actor=personas.police_officer
    )
    client = client_as(personas.coordinator)
    arrested = client.get("/cases/", {"stage": "arrest"}).content.decode()
    assert ccr_case.external_ref in arrested and party_case.external_ref not in arrested
    assert '<td data-label="Current stage">Arrest</td>' in arrested
    later = client.get("/cases/", {"opened_after": "2026-04-01"}).content.decode()
    assert party_case.external_ref in later and ccr_case.external_ref not in later
    mine = client.get("/cases/", {"collaborative": str(personas.ccr.public_id)}).content.decode()
    assert ccr_case.external_ref in mine and party_case.external_ref in mine


def test_case_list_page_query_count_does_not_grow_with_the_cases(personas, client_as):
    client = client_as(personas.police_officer)

    def list_queries(count: int) -> int:
        for n in range(count):
            case = actions.open_case(
                personas.ccr,
                external_ref=f"Q-{count}-{n}",
                offender_ref=f"o{n}",
                opened_on=D(2026, 1, 1),
                actor=personas.police_officer,
            )
            actions.record_event(
                case, stage="incident", occurred_on=D(2026, 1, 1), actor=personas.police_officer
            )
        client.get("/cases/?stage=incident")  # warm the session's once-a-minute writes
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/?stage=incident").status_code == 200
        return len(captured)

    # session, user, user session, roles, MFA check, the page of cases (restricted
    # flag and current stage as subqueries), the filter's collaboratives
    assert list_queries(2) == list_queries(20)


def test_the_page_offers_corrections_only_of_the_readers_own_events(personas, ccr_case, client_as):
    arrest = actions.record_event(
        ccr_case, stage="arrest", occurred_on=D(2026, 3, 2), actor=personas.police_officer
    )
    charge = actions.record_event(
        ccr_case, stage="charge_filed", occurred_on=D(2026, 3, 3), actor=personas.prosecutor
    )
    html = client_as(personas.prosecutor).get(f"/cases/{ccr_case.public_id}/").content.decode()
    assert f"/cases/events/{charge.public_id}/edit/" in html
    assert f"/cases/events/{arrest.public_id}/edit/" not in html
    edit = client_as(personas.prosecutor).get(f"/cases/events/{arrest.public_id}/edit/")
    assert edit.status_code == 403
