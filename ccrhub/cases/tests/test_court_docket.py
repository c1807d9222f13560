"""A court's docket: its hearings, what it should review, the no-contact orders in force."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccrhub.cases import actions
from ccrhub.cases.court import court_docket

pytestmark = pytest.mark.django_db


def on(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def court_event(personas, case, stage: str, offset: int, **extra):
    return actions.record_event(
        case,
        stage=stage,
        occurred_on=on(offset),
        agency=personas.court,
        actor=personas.coordinator,
        **extra,
    )


def court_order(personas, case, kind: str, offset: int, **extra):
    return actions.issue_order(
        case,
        kind=kind,
        issued_on=on(offset),
        issued_by=personas.court,
        actor=personas.coordinator,
        **extra,
    )


def docket_url(personas) -> str:
    return reverse("chasing:court-docket", args=[personas.court.public_id])


def test_the_docket_lists_upcoming_hearings_and_review_hearings_in_date_order(personas, ccr_case):
    court_event(personas, ccr_case, "first_appearance", -20)  # past
    court_event(personas, ccr_case, "trial", 14)
    court_event(personas, ccr_case, "plea", 0)
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=on(-3), actor=personas.probation_officer
    )
    actions.record_violation_response(
        violation,
        kind="review_hearing",
        responded_on=on(7),
        agency=personas.court,
        actor=personas.coordinator,
    )

    docket = court_docket(personas.prosecutor, personas.court, [personas.ccr.pk])

    assert [(h.on, h.title) for h in docket.hearings] == [
        (on(0), "Plea"),
        (on(7), "Violation review hearing"),
        (on(14), "Trial"),
    ]


def test_the_compliance_docket_holds_bip_non_compliance_and_violations_awaiting_response(
    personas, ccr_case
):
    court_event(personas, ccr_case, "sentence", -120)
    for track, offset in (("bip-1", -90), ("bip-2", -60)):
        actions.record_event(
            ccr_case,
            stage="bip_referral",
            occurred_on=on(offset),
            track=track,
            actor=personas.probation_officer,
        )
    actions.record_event(
        ccr_case,
        stage="bip_termination",
        occurred_on=on(-30),
        track="bip-1",
        agency=personas.bip,
        actor=personas.coordinator,
    )
    actions.record_violation(
        ccr_case, kind="new_offence", detected_on=on(-2), actor=personas.probation_officer
    )
    answered = actions.record_violation(
        ccr_case, kind="technical", detected_on=on(-5), actor=personas.probation_officer
    )
    actions.record_violation_response(
        answered, kind="warning", responded_on=on(-4), actor=personas.probation_officer
    )

    docket = court_docket(personas.coordinator, personas.court, [personas.ccr.pk])

    assert [(item.since, item.reason, item.overdue) for item in docket.compliance] == [
        (on(-60), "BIP referral not enrolled", True),
        (on(-30), "BIP terminated", False),
        (on(-2), "New offence awaiting a response", False),
    ]


def test_no_contact_orders_in_force_are_listed_and_others_are_not(personas, ccr_case):
    criminal = court_order(personas, ccr_case, "no_contact", -10)
    with_condition = court_order(
        personas, ccr_case, "protection_order", -5, conditions=["no_contact", "stay_away"]
    )
    court_order(personas, ccr_case, "protection_order", -5, conditions=["move_out"])
    court_order(personas, ccr_case, "no_contact", -40, expires_on=on(-1))  # expired

    docket = court_docket(personas.police_officer, personas.court, [personas.ccr.pk])

    assert docket.no_contact == [criminal, with_condition]


def test_the_party_officer_never_finds_his_own_case_on_the_docket(
    personas, party_case, ccr_case, client_as
):
    court_event(personas, party_case, "trial", 3)
    court_order(personas, party_case, "no_contact", -1)
    court_event(personas, ccr_case, "trial", 4)

    page = client_as(personas.party_officer).get(docket_url(personas)).content.decode()

    assert ccr_case.external_ref in page
    assert party_case.external_ref not in page


def test_a_case_the_court_never_touched_is_not_on_its_docket(personas, ccr_case):
    actions.record_violation(
        ccr_case, kind="technical", detected_on=on(-20), actor=personas.probation_officer
    )

    docket = court_docket(personas.coordinator, personas.court, [personas.ccr.pk])

    assert docket.compliance == []


def test_the_probation_officer_reads_the_docket_page(personas, ccr_case, client_as):
    court_event(personas, ccr_case, "disposition", 2)

    response = client_as(personas.probation_officer).get(docket_url(personas))

    assert response.status_code == 200
    assert "Riverbend County District Court" in response.content.decode()
    assert ccr_case.external_ref in response.content.decode()


def test_people_without_cases_where_the_court_sits_get_not_found(personas, client_as):
    response = client_as(personas.outsider).get(docket_url(personas))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "community_member"])
def test_people_whose_roles_read_no_cases_are_refused_any_docket(persona, personas, client_as):
    response = client_as(getattr(personas, persona)).get(docket_url(personas))

    assert response.status_code == 403


def test_an_agency_that_is_not_a_court_has_no_docket(personas, client_as):
    url = reverse("chasing:court-docket", args=[personas.police.public_id])

    assert client_as(personas.coordinator).get(url).status_code == 404
    assert client_as(personas.coordinator).get("/chasing/court/not-an-id/").status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_docket_costs_the_same_queries_for_one_case_or_many(personas, client_as):
    client = client_as(personas.coordinator)

    def busy_case(n: int) -> None:
        case = actions.open_case(
            personas.ccr,
            external_ref=f"D-{n}",
            offender_ref=f"d-{n}",
            opened_on=on(-100),
            actor=personas.police_officer,
        )
        court_event(personas, case, "trial", n + 1)
        court_order(personas, case, "no_contact", -n)
        violation = actions.record_violation(
            case, kind="technical", detected_on=on(-n - 1), actor=personas.probation_officer
        )
        actions.record_violation_response(
            violation,
            kind="review_hearing",
            responded_on=on(n + 2),
            agency=personas.court,
            actor=personas.coordinator,
        )
        actions.record_violation(
            case, kind="technical", detected_on=on(-n - 2), actor=personas.probation_officer
        )

    busy_case(0)
    _queries(client, docket_url(personas))
    few = _queries(client, docket_url(personas))
    for n in range(1, 8):
        busy_case(n)

    assert _queries(client, docket_url(personas)) == few
