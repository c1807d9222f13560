"""The funnel equals a hand computation, case by case, on SQLite and PostgreSQL.

The world (all dates in 2025, Riverbend CCR); columns: incident, arrest, charge,
first appearance, disposition, sentence, probation start, BIP enrolment, BIP end:

    A  01-01*  01-01 single  01-05*  01-10  03-01 plea       03-15  03-20  04-01  done 08-01
    B  01-10   01-12 dual    01-20   01-21  04-01 dismissed
    C  02-01   02-01 single  declined 02-10
    D  02-15   (arrest event, outcome none: an exit, not an arrest)
    E  03-01   03-04 single  03-04   03-10  05-09 trial      05-09  05-20  07-01  ended 09-01
    F  —       03-10 single  03-05 (before the arrest)

    * A also has a second incident on 02-01 and a second charge (track c2) on 01-08:
      a case counts once, from its first event at each stage.

Days from the previous stage, over cases having both (negative ones left out):

    arrest:           A 0, B 2, C 0, E 3        → 0 0 2 3 → median (0+2)/2 = 1, p90 ⌈3.6⌉=4th → 3
    charge_filed:     A 4, B 8, E 0 (F −5)      → 0 4 8       → median 4,  p90 rank ⌈2.7⌉=3 → 8
    first_appearance: A 5, B 1, E 6             → 1 5 6       → median 5,  p90 6
    disposition:      A 50, B 70, E 60          → 50 60 70    → median 60, p90 70
    sentence:         A 14, E 0                 → median 7,  p90 rank ⌈1.8⌉=2 → 14
    probation_start:  A 5, E 11                 → median 8,  p90 11
    bip_enrolment:    A 12, E 42                → median 27, p90 42
    bip_completion:   A 122                     → median 122, p90 122
"""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.cases import metrics
from ccrhub.cases.metrics import Period, funnel, median, p90
from ccrhub.cases.models import Case, Event

pytestmark = pytest.mark.django_db


def d(month: int, day: int, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, day)


def open_case(personas: Any, ref: str, **fields: Any) -> Case:
    return Case.objects.create(
        collaborative=personas.ccr,
        external_ref=ref,
        offender_key=fields.pop("offender_key", f"key-{ref}"),
        opened_on=d(1, 1),
        **fields,
    )


def add(
    case: Case, agency: Any, stage: str, on: datetime.date, outcome: str = "", track: str = ""
) -> Event:
    return Event.objects.create(
        case=case, stage=stage, occurred_on=on, outcome=outcome, track=track, agency=agency
    )


def build_hand_world(personas: Any) -> dict[str, Case]:
    """The cases A–F of the module docstring."""
    police = personas.police
    cases = {
        "A": open_case(personas, "A", offender_sex="male", primary_aggressor="offender"),
        "B": open_case(personas, "B", offender_sex="female", primary_aggressor="victim"),
        "C": open_case(personas, "C", offender_sex="male", primary_aggressor="offender"),
        "D": open_case(personas, "D", offender_sex="male", primary_aggressor="undetermined"),
        "E": open_case(personas, "E", offender_sex="male", primary_aggressor="offender"),
        "F": open_case(personas, "F", offender_sex="female", primary_aggressor="undetermined"),
    }
    a, b, c, dd, e, f = (cases[k] for k in "ABCDEF")
    for case, stage, on, outcome, track in [
        (a, "incident", d(1, 1), "", ""),
        (a, "incident", d(2, 1), "", ""),
        (a, "arrest", d(1, 1), "single", ""),
        (a, "charge_filed", d(1, 5), "", ""),
        (a, "charge_filed", d(1, 8), "", "c2"),
        (a, "first_appearance", d(1, 10), "", ""),
        (a, "disposition", d(3, 1), "convicted_plea", ""),
        (a, "sentence", d(3, 15), "probation", ""),
        (a, "probation_start", d(3, 20), "", ""),
        (a, "bip_enrolment", d(4, 1), "", ""),
        (a, "bip_completion", d(8, 1), "", ""),
        (b, "incident", d(1, 10), "", ""),
        (b, "arrest", d(1, 12), "dual", ""),
        (b, "charge_filed", d(1, 20), "", ""),
        (b, "first_appearance", d(1, 21), "", ""),
        (b, "disposition", d(4, 1), "dismissed", ""),
        (c, "incident", d(2, 1), "", ""),
        (c, "arrest", d(2, 1), "single", ""),
        (c, "charge_declined", d(2, 10), "", ""),
        (dd, "incident", d(2, 15), "", ""),
        (dd, "arrest", d(2, 15), "none", ""),
        (e, "incident", d(3, 1), "", ""),
        (e, "arrest", d(3, 4), "single", ""),
        (e, "charge_filed", d(3, 4), "", ""),
        (e, "first_appearance", d(3, 10), "", ""),
        (e, "disposition", d(5, 9), "convicted_trial", ""),
        (e, "sentence", d(5, 9), "probation", ""),
        (e, "probation_start", d(5, 20), "", ""),
        (e, "bip_enrolment", d(7, 1), "", ""),
        (e, "bip_termination", d(9, 1), "", ""),
        (f, "arrest", d(3, 10), "single", ""),
        (f, "charge_filed", d(3, 5), "", ""),
    ]:
        add(case, police, stage, on, outcome, track)
    return cases


def by_stage(result: dict[str, Any]) -> dict[str, tuple[Any, Any, Any]]:
    return {
        s["stage"]: (s["count"], s["median_days_from_previous"], s["p90_days_from_previous"])
        for s in result["stages"]
    }


def test_median_and_p90_follow_their_written_definitions() -> None:
    assert median([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]) == 3.5  # 1 1 2 3 [3 4] 5 5 6 9
    assert p90([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]) == 6  # rank ⌈9.0⌉ = 9
    assert median([*range(1, 11), 100]) == 6
    assert p90([*range(1, 11), 100]) == 10  # rank ⌈9.9⌉ = 10, not the outlier
    assert median([]) is None and p90([]) is None
    assert median([0, 2]) == 1 and isinstance(median([0, 2]), int)


def test_the_funnel_equals_the_hand_computation(personas: Any) -> None:
    build_hand_world(personas)
    result = funnel(personas.ccr)
    assert [s["stage"] for s in result["stages"]] == list(metrics.MAIN_LINE)
    assert by_stage(result) == {
        "incident": (5, None, None),
        "arrest": (5, 1, 3),
        "charge_filed": (4, 4, 8),
        "first_appearance": (3, 5, 6),
        "disposition": (3, 60, 70),
        "sentence": (2, 7, 14),
        "probation_start": (2, 8, 11),
        "bip_enrolment": (2, 27, 42),
        "bip_completion": (1, 122, 122),
    }
    assert result["suppressed"] is False


def test_exits_are_named_with_where_cases_left(personas: Any) -> None:
    build_hand_world(personas)
    exits = {
        (x["stage"], x["outcome"]): (x["after"], x["before"], x["count"])
        for x in funnel(personas.ccr)["exits"]
    }
    assert exits == {
        ("arrest", "none"): ("incident", "arrest", 1),
        ("arrest", "warrant"): ("incident", "arrest", 0),
        ("charge_declined", ""): ("arrest", "charge_filed", 1),
        ("diverted", ""): ("arrest", "charge_filed", 0),
        ("disposition", "dismissed"): ("disposition", "sentence", 1),
        ("disposition", "acquitted"): ("disposition", "sentence", 0),
        ("bip_termination", ""): ("bip_enrolment", "bip_completion", 1),
    }


def test_negative_and_missing_intervals_are_findings_not_crashes(personas: Any) -> None:
    build_hand_world(personas)
    assert funnel(personas.ccr)["data_quality"] == [
        {"stage": "arrest", "previous": "incident", "negative_intervals": 0, "missing_previous": 1},
        {
            "stage": "charge_filed",
            "previous": "arrest",
            "negative_intervals": 1,
            "missing_previous": 0,
        },
    ]


def test_a_period_keeps_only_the_events_dated_within_it(personas: Any) -> None:
    build_hand_world(personas)
    result = funnel(personas.ccr, period=Period(d(2, 1), d(3, 31)))
    # In February–March: incidents of A (its second), C, D, E; arrests of C, E, F
    # (C 0 and E 3 days after their incidents; F has none in the period).
    assert by_stage(result) == {
        "incident": (4, None, None),
        "arrest": (3, 1.5, 3),
        "charge_filed": (2, 0, 0),  # E 0 days; F before its arrest, left out
        "first_appearance": (1, 6, 6),
        "disposition": (1, None, None),
        "sentence": (1, 14, 14),
        "probation_start": (1, 5, 5),
        "bip_enrolment": (0, None, None),
        "bip_completion": (0, None, None),
    }


def test_another_collaboratives_cases_never_count(personas: Any) -> None:
    build_hand_world(personas)
    assert by_stage(funnel(personas.neighbour_ccr))["incident"] == (0, None, None)


def test_the_funnel_costs_the_same_queries_for_ten_cases_or_a_hundred(personas: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            funnel(personas.ccr)
        return len(captured)

    build_hand_world(personas)
    few = queries()
    for n in range(100):
        case = open_case(personas, f"bulk-{n}")
        Event.objects.bulk_create(
            Event(case=case, stage=stage, occurred_on=d(1, 1 + i), agency=personas.police)
            for i, stage in enumerate(metrics.MAIN_LINE)
        )
    # All time, one query: the histograms and the exits over the stored stage firsts.
    assert queries() == few == 1
