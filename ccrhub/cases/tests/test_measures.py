"""The measures on a small world, computed by hand.

The world is the funnel's (cases A–F, see test_funnel) plus:

- BIP referrals: A on 03-25 (enrolled 04-01: 7 days), E on 05-25 (enrolled 07-01: 37 days);
- violations: A detected 05-01, answered 05-05 and again 05-20 (first answer: 4 days,
  within the 7-day limit); E detected 08-01, answered 08-15 (14 days, late); E detected
  09-10, never answered;
- orders: A issued 01-02, served 01-04 (2 days); B issued 01-11, "served" 01-10 (a
  negative interval: a finding); C issued 02-02, not served;
- two more cases with only an incident: H (same offender as C) on 2025-12-01 — C's
  repeat, 303 days later — and I on 2026-06-01, the latest incident (the data's horizon).

Offender sex / primary aggressor: A, C, E, H male/offender; B female/victim;
D male/undetermined; F, I female/undetermined.
"""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.cases.metrics import measures
from ccrhub.cases.models import Order, Violation, ViolationResponse
from ccrhub.cases.tests.test_funnel import add, build_hand_world, d, open_case

pytestmark = pytest.mark.django_db


def build_measures_world(personas: Any) -> None:
    cases = build_hand_world(personas)
    a, b, c, e = (cases[k] for k in "ABCE")
    bip, court, probation = personas.bip, personas.court, personas.probation
    add(a, bip, "bip_referral", d(3, 25))
    add(e, bip, "bip_referral", d(5, 25))
    answered = Violation.objects.create(
        case=a, kind="technical", detected_on=d(5, 1), reported_by=probation
    )
    ViolationResponse.objects.create(
        violation=answered, kind="warning", responded_on=d(5, 5), agency=probation
    )
    ViolationResponse.objects.create(
        violation=answered, kind="review_hearing", responded_on=d(5, 20), agency=court
    )
    late = Violation.objects.create(
        case=e, kind="new_offence", detected_on=d(8, 1), reported_by=probation
    )
    ViolationResponse.objects.create(
        violation=late, kind="revocation", responded_on=d(8, 15), agency=court
    )
    Violation.objects.create(case=e, kind="technical", detected_on=d(9, 10), reported_by=probation)
    for case, issued, served in (
        (a, d(1, 2), d(1, 4)),
        (b, d(1, 11), d(1, 10)),
        (c, d(2, 2), None),
    ):
        Order.objects.create(
            case=case, kind="protection_order", issued_by=court, issued_on=issued, served_on=served
        )
    h = open_case(
        personas,
        "H",
        offender_key=c.offender_key,
        offender_sex="male",
        primary_aggressor="offender",
    )
    i = open_case(personas, "I", offender_sex="female", primary_aggressor="undetermined")
    add(h, personas.police, "incident", d(12, 1))
    add(i, personas.police, "incident", d(6, 1, 2026))


def named(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in result["measures"]}


def figures(measure: dict[str, Any]) -> tuple[Any, ...]:
    return (measure["numerator"], measure["denominator"], measure["value"])


def test_rates_equal_the_hand_computation(personas: Any) -> None:
    build_measures_world(personas)
    m = named(measures(personas.ccr))
    # Incidents: A B C D E H I (7); arrests among them: A B C E (D's arrest event says none).
    assert figures(m["arrest_rate"]) == (4, 7, 0.5714)
    assert figures(m["dual_arrest_rate"]) == (1, 7, 0.1429)
    # Arrested: A B C E F; charged among them: A B E F.
    assert figures(m["prosecution_rate"]) == (4, 5, 0.8)
    assert figures(m["conviction_rate"]) == (2, 5, 0.4)  # A by plea, E at trial
    assert figures(m["plea_share"]) == (1, 2, 0.5)
    assert figures(m["bip_enrolment_rate"]) == (2, 2, 1.0)
    assert figures(m["bip_completion_rate"]) == (1, 2, 0.5)
    assert figures(m["violation_response_within_limit"]) == (1, 3, 0.3333)
    # Followed for a full year before the horizon (2026-06-01): A B C D E; repeats: A (a
    # second incident 31 days later) and C (H, 303 days later). Nobody for two years.
    assert figures(m["recidivism_1y"]) == (2, 5, 0.4)
    assert figures(m["recidivism_2y"]) == (0, 0, None)


def test_intervals_give_median_and_p90_in_days(personas: Any) -> None:
    build_measures_world(personas)
    m = named(measures(personas.ccr))
    # Arrest → disposition: A 59, B 79, E 66 (over 5 arrested cases).
    assert figures(m["time_to_disposition"]) == (3, 5, 66) and m["time_to_disposition"]["p90"] == 79
    # Charge → disposition: A 55, B 71, E 66 (F charged, not disposed).
    assert figures(m["time_to_disposition_from_charge"]) == (3, 4, 66)
    assert (
        figures(m["bip_days_to_enrolment"]) == (2, 2, 22)
        and m["bip_days_to_enrolment"]["p90"] == 37
    )
    assert figures(m["violation_response_days"]) == (2, 3, 9)
    assert m["violation_response_days"]["p90"] == 14
    assert figures(m["protection_order_service_days"]) == (1, 3, 2)


def test_every_measure_is_broken_down_by_sex_and_primary_aggressor(personas: Any) -> None:
    build_measures_world(personas)
    arrest = named(measures(personas.ccr))["arrest_rate"]
    by_sex = {g["group"]: figures(g) for g in arrest["breakdowns"]["offender_sex"]}
    by_aggressor = {g["group"]: figures(g) for g in arrest["breakdowns"]["primary_aggressor"]}
    assert by_sex == {
        "female": (1, 2, 0.5),  # B arrested, I not
        "male": (3, 5, 0.6),  # A C E arrested; D, H not
        "other": (0, 0, None),
        "unknown": (0, 0, None),
    }
    assert by_aggressor == {
        "offender": (3, 4, 0.75),
        "victim": (1, 1, 1.0),
        "both": (0, 0, None),
        "undetermined": (0, 2, 0.0),
    }


def test_references_are_shown_beside_the_measures(personas: Any) -> None:
    m = named(measures(personas.ccr))
    assert m["prosecution_rate"]["reference"]["value"] == 0.638
    assert m["recidivism_1y"]["reference"]["value"] == 0.32
    assert all(measure["reference"]["text"] for measure in m.values())


def test_negative_intervals_are_counted_as_findings(personas: Any) -> None:
    build_measures_world(personas)
    findings = measures(personas.ccr)["data_quality"]
    assert {"measure": "protection_order_service_days", "negative_intervals": 1} in findings


def test_the_response_limit_comes_from_settings(personas: Any, settings: Any) -> None:
    settings.CCRHUB_VIOLATION_RESPONSE_DAYS = 14
    build_measures_world(personas)
    result = measures(personas.ccr)
    assert result["violation_response_limit_days"] == 14
    assert figures(named(result)["violation_response_within_limit"]) == (2, 3, 0.6667)


def test_partner_rule_hides_small_counts_and_rounds_the_rest(personas: Any) -> None:
    build_measures_world(personas)
    m = named(measures(personas.ccr, suppress=True))
    assert figures(m["arrest_rate"]) == (None, None, None)  # 4 of 7: both hidden
    assert m["time_to_disposition"]["value"] is None  # a median of 3 cases


def test_measures_cost_the_same_queries_whatever_the_data(personas: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            measures(personas.ccr)
        return len(captured)

    empty = queries()
    build_measures_world(personas)
    assert queries() == empty == 4
