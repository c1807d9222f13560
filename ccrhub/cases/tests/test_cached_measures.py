"""The measures a scorecard reads come from the cache until the collaborative's data changes.

Every write the measures could see — an event, a case edit, an order, a violation or
its response — moves the aggregates' version, so the next read recomputes; a write to
another collaborative does not.
"""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.cases import aggregates
from ccrhub.cases.metrics import Period, measures
from ccrhub.cases.metrics.cached import cached_measures, version
from ccrhub.cases.models import Case, Event, Violation, ViolationResponse

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 3)
QUARTER = Period(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))


def _case(personas: Any, collaborative: Any = None, ref: str = "C-1") -> Case:
    return Case.objects.create(
        collaborative=collaborative or personas.ccr,
        external_ref=ref,
        offender_key="key",
        offender_sex="male",
        opened_on=DAY,
    )


def _figure(result: dict[str, Any], name: str) -> tuple[Any, Any]:
    [found] = [m for m in result["measures"] if m["name"] == name]
    return found["numerator"], found["denominator"]


def test_a_second_read_costs_only_the_version(personas: Any) -> None:
    case = _case(personas)
    Event.objects.create(case=case, stage="incident", occurred_on=DAY, agency=personas.police)
    first = cached_measures(personas.ccr, Period())
    with CaptureQueriesContext(connection) as captured:
        assert cached_measures(personas.ccr, Period()) == first == measures(personas.ccr)
    assert len(captured) - 4 == 1  # the fresh `measures` above costs 4


def test_a_violation_response_moves_the_version(personas: Any) -> None:
    case = _case(personas)
    violation = Violation.objects.create(
        case=case, kind="technical", detected_on=DAY, reported_by=personas.police
    )
    before = cached_measures(personas.ccr, Period())
    assert _figure(before, "violation_response_within_limit") == (0, 1)
    ViolationResponse.objects.create(
        violation=violation, kind="warning", responded_on=DAY, agency=personas.police
    )
    after = cached_measures(personas.ccr, Period())
    assert _figure(after, "violation_response_within_limit") == (1, 1)


def test_an_event_that_changes_no_cell_still_moves_the_version(personas: Any) -> None:
    case = _case(personas)
    Event.objects.create(case=case, stage="incident", occurred_on=DAY, agency=personas.police)
    Event.objects.create(case=case, stage="arrest", occurred_on=DAY, agency=personas.police)
    assert _figure(cached_measures(personas.ccr, QUARTER), "prosecution_rate") == (0, 0)
    seen = aggregates.stored_cells()
    # A second arrest, inside the quarter: all time nothing changes, the quarter does.
    Event.objects.create(
        case=case,
        stage="arrest",
        track="second",
        occurred_on=datetime.date(2025, 4, 1),
        agency=personas.police,
    )
    assert aggregates.stored_cells() == seen
    assert _figure(cached_measures(personas.ccr, QUARTER), "prosecution_rate") == (0, 1)


def test_another_collaboratives_writes_keep_the_cache(personas: Any) -> None:
    Event.objects.create(
        case=_case(personas), stage="incident", occurred_on=DAY, agency=personas.police
    )
    at = version(personas.ccr)
    other = _case(personas, personas.neighbour_ccr, ref="N-1")
    Event.objects.create(case=other, stage="incident", occurred_on=DAY, agency=personas.police)
    assert version(personas.ccr) == at
