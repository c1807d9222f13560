"""What needs chasing: each agency sees the gaps it must act on, the coordinator all of them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccrhub.cases import actions
from ccrhub.cases.chasing import chasing_counts, chasing_list
from ccrhub.cases.timeline import case_timeline

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def open_case(personas, ref: str):
    return actions.open_case(
        personas.ccr,
        external_ref=ref,
        offender_ref=f"o-{ref}",
        opened_on=days_ago(200),
        actor=personas.police_officer,
    )


def violation(personas, case, *, ago: int):
    return actions.record_violation(
        case, kind="technical", detected_on=days_ago(ago), actor=personas.probation_officer
    )


def referral(personas, case, *, ago: int, track: str = ""):
    return actions.record_event(
        case,
        stage="bip_referral",
        occurred_on=days_ago(ago),
        track=track,
        actor=personas.probation_officer,
    )


def court_order(personas, case, *, ago: int, kind: str = "protection_order", **extra):
    return actions.issue_order(
        case,
        kind=kind,
        issued_on=days_ago(ago),
        issued_by=personas.court,
        actor=personas.coordinator,
        **extra,
    )


def test_an_unanswered_violation_past_the_limit_is_chased_by_probation_and_the_coordinator(
    personas, ccr_case
):
    late = violation(personas, ccr_case, ago=10)
    violation(personas, ccr_case, ago=3)  # within the 7 days
    answered = violation(personas, ccr_case, ago=20)
    actions.record_violation_response(
        answered, kind="warning", responded_on=days_ago(2), actor=personas.probation_officer
    )

    assert chasing_list(personas.probation_officer).items["violations"] == [late]
    assert chasing_list(personas.coordinator).items["violations"] == [late]
    # The police did not report it and do not supervise the case.
    assert chasing_counts(personas.police_officer)["violations"] == 0


def test_the_supervising_probation_agency_chases_a_violation_the_police_reported(
    personas, ccr_case
):
    actions.record_event(
        ccr_case,
        stage="probation_start",
        occurred_on=days_ago(60),
        actor=personas.probation_officer,
    )
    reported = actions.record_violation(
        ccr_case, kind="new_offence", detected_on=days_ago(9), actor=personas.police_officer
    )

    assert chasing_list(personas.probation_officer).items["violations"] == [reported]
    assert chasing_list(personas.police_officer).items["violations"] == [reported]
    assert chasing_counts(personas.prosecutor)["violations"] == 0


def test_a_bip_referral_neither_enrolled_nor_terminated_is_chased_by_the_referrer(
    personas, ccr_case
):
    stuck = referral(personas, ccr_case, ago=45, track="bip-1")
    referral(personas, ccr_case, ago=10, track="bip-2")  # within the 30 days
    enrolled = referral(personas, ccr_case, ago=60, track="bip-3")
    actions.record_event(
        ccr_case,
        stage="bip_enrolment",
        occurred_on=days_ago(50),
        track=enrolled.track,
        agency=personas.bip,
        actor=personas.coordinator,
    )
    ended = referral(personas, ccr_case, ago=70, track="bip-4")
    actions.record_event(
        ccr_case,
        stage="bip_termination",
        occurred_on=days_ago(20),
        track=ended.track,
        agency=personas.bip,
        actor=personas.coordinator,
    )

    assert chasing_list(personas.probation_officer).items["bip_referrals"] == [stuck]
    assert chasing_list(personas.coordinator).items["bip_referrals"] == [stuck]
    assert chasing_counts(personas.prosecutor)["bip_referrals"] == 0


def test_an_unserved_order_is_chased_by_law_enforcement_not_by_the_prosecutor(personas, ccr_case):
    unserved = court_order(personas, ccr_case, ago=5)
    court_order(personas, ccr_case, ago=1)  # within the 3 days
    court_order(personas, ccr_case, ago=30, expires_on=days_ago(2))  # expired: moot
    served = court_order(personas, ccr_case, ago=9)
    actions.serve_order(served, served_on=days_ago(8), actor=personas.police_officer)

    assert chasing_list(personas.police_officer).items["unserved_orders"] == [unserved]
    assert chasing_list(personas.coordinator).items["unserved_orders"] == [unserved]
    assert chasing_counts(personas.prosecutor)["unserved_orders"] == 0
    assert chasing_counts(personas.probation_officer)["unserved_orders"] == 0


def test_the_order_service_limit_comes_from_the_settings(personas, ccr_case, settings):
    court_order(personas, ccr_case, ago=5)
    settings.CCRHUB_ORDER_SERVICE_DAYS = 10

    assert chasing_counts(personas.police_officer)["unserved_orders"] == 0


def test_the_party_officer_never_chases_the_case_he_is_party_to(personas, party_case, ccr_case):
    court_order(personas, party_case, ago=20)
    mine = court_order(personas, ccr_case, ago=20)

    assert chasing_list(personas.party_officer).items["unserved_orders"] == [mine]
    assert chasing_counts(personas.police_officer)["unserved_orders"] == 2


def test_the_outsider_chases_nothing_of_another_county(personas, ccr_case, client_as):
    court_order(personas, ccr_case, ago=20)
    violation(personas, ccr_case, ago=20)

    response = client_as(personas.outsider).get(reverse("chasing:list"))

    assert response.status_code == 200
    assert ccr_case.external_ref not in response.content.decode()
    assert chasing_counts(personas.outsider) == {
        "violations": 0,
        "bip_referrals": 0,
        "unserved_orders": 0,
    }


def test_every_chased_item_is_an_open_gap_on_the_case_timeline(personas, ccr_case):
    violation(personas, ccr_case, ago=12)
    referral(personas, ccr_case, ago=40)

    gaps = case_timeline(ccr_case).gaps
    chased = chasing_list(personas.coordinator)

    assert [g.violation for g in gaps if g.violation] == chased.items["violations"]
    assert [g.event for g in gaps if g.event] == chased.items["bip_referrals"]


def test_the_page_lists_the_probation_officers_gaps_with_days_waiting(
    personas, ccr_case, client_as
):
    violation(personas, ccr_case, ago=11)
    referral(personas, ccr_case, ago=40)

    page = client_as(personas.probation_officer).get(reverse("chasing:list")).content.decode()

    assert ccr_case.external_ref in page
    assert '<td data-label="Days waiting">11</td>' in page
    assert '<td data-label="Days waiting">40</td>' in page
    assert reverse("chasing:court-docket", args=[personas.court.public_id]) in page


def test_analysts_are_refused_the_chasing_page(personas, client_as):
    assert client_as(personas.analyst).get(reverse("chasing:list")).status_code == 403


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("chasing:list")).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_one_case_or_many(personas, client_as):
    client = client_as(personas.coordinator)
    first = open_case(personas, "Q-0")
    violation(personas, first, ago=10)
    referral(personas, first, ago=40)
    court_order(personas, first, ago=10)
    _page_queries(client)  # warm per-client caches
    few = _page_queries(client)
    for n in range(1, 8):
        case = open_case(personas, f"Q-{n}")
        violation(personas, case, ago=10 + n)
        referral(personas, case, ago=40 + n)
        court_order(personas, case, ago=10 + n)

    assert _page_queries(client) == few
    assert chasing_counts(personas.coordinator) == {
        "violations": 8,
        "bip_referrals": 8,
        "unserved_orders": 8,
    }


def test_the_dashboard_says_how_many_and_links_to_the_page(personas, ccr_case, client_as):
    violation(personas, ccr_case, ago=10)
    court_order(personas, ccr_case, ago=10)
    court_order(personas, ccr_case, ago=11)

    page = client_as(personas.police_officer).get(reverse("dashboard")).content.decode()

    assert "2 orders not served" in page
    assert "0 violations without a response" in page
    assert reverse("chasing:list") in page
    assert ccr_case.external_ref not in page


def test_the_analysts_dashboard_has_no_chasing_summary(personas, ccr_case, client_as):
    court_order(personas, ccr_case, ago=10)

    page = client_as(personas.analyst).get(reverse("dashboard")).content.decode()

    assert reverse("chasing:list") not in page
