"""The stored stage firsts stay equal to a from-scratch computation, whatever the writes.

`CaseStageFirst` is kept in step by database triggers, so every way of writing events
must leave it true: single inserts, bulk inserts, queryset updates (outcome, date,
stage), single and bulk deletes, all of a case's events at once, the actions, and the
import. After each mixed sequence the stored rows must equal the computation from the
events, and the funnel and measures read from them (all time) must equal the ones
computed from the events (a period wide enough to hold everything).
"""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccrhub.cases import stage_firsts
from ccrhub.cases.actions import record_event, update_event
from ccrhub.cases.metrics import Period, funnel, measures
from ccrhub.cases.models import Case, CaseStageFirst, Event
from ccrhub.cases.tests.event_edits import move_first_event, restage_last_event

pytestmark = pytest.mark.django_db

STAGES = (
    "incident",
    "arrest",
    "charge_filed",
    "charge_declined",
    "diverted",
    "first_appearance",
    "disposition",
    "sentence",
    "probation_start",
    "bip_referral",
    "bip_enrolment",
    "bip_completion",
    "bip_termination",
)
OUTCOMES = (
    "",
    "single",
    "dual",
    "none",
    "warrant",
    "convicted_plea",
    "convicted_trial",
    "dismissed",
    "acquitted",
)
FIRST = datetime.date(2025, 1, 1)
WIDE = Period(start=datetime.date(1900, 1, 1), end=datetime.date(2100, 1, 1))

operation = st.tuples(
    st.sampled_from(
        ["add", "bulk", "outcome", "move", "restage", "remove", "remove_many", "clear_case"]
    ),
    st.integers(0, 4),  # case
    st.integers(0, len(STAGES) - 1),
    st.integers(0, 60),  # day
    st.integers(0, len(OUTCOMES) - 1),
)


def _cases(personas: Any) -> list[Case]:
    cases = list(Case.objects.filter(collaborative=personas.ccr).order_by("pk"))
    while len(cases) < 5:
        n = Case.objects.count()
        cases.append(
            Case.objects.create(
                collaborative=personas.ccr,
                external_ref=f"H-{n}-{len(cases)}",
                offender_key=f"key-{n % 3}",
                offender_sex=("male", "female")[n % 2],
                opened_on=FIRST,
            )
        )
    return cases


def _apply(personas: Any, op: tuple[str, int, int, int, int]) -> None:
    kind, case_n, stage_n, day, outcome_n = op
    case = _cases(personas)[case_n]
    stage, outcome = STAGES[stage_n], OUTCOMES[outcome_n]
    on = FIRST + datetime.timedelta(days=day)
    events = Event.objects.filter(case=case)
    if kind == "add":
        Event.objects.get_or_create(
            case=case,
            stage=stage,
            track="",
            occurred_on=on,
            defaults={"outcome": outcome, "agency": personas.police},
        )
    elif kind == "bulk":
        Event.objects.bulk_create(
            [
                Event(
                    case=case,
                    stage=stage,
                    track=f"t{i}",
                    occurred_on=on + datetime.timedelta(i),
                    outcome=outcome,
                    agency=personas.police,
                )
                for i in range(3)
            ],
            ignore_conflicts=True,
        )
    elif kind == "outcome":
        events.filter(stage=stage).update(outcome=outcome)
    elif kind == "move":
        move_first_event(events, on)
    elif kind == "restage":
        restage_last_event(events, stage)
    elif kind == "remove":
        first = events.order_by("pk").first()
        if first:
            first.delete()
    elif kind == "remove_many":
        events.filter(stage=stage).delete()
    elif kind == "clear_case":
        events.delete()


def assert_stored_equals_computed() -> None:
    assert stage_firsts.stored_rows() == stage_firsts.computed_rows()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_stored_firsts_equal_a_fresh_computation_after_any_writes(personas: Any, ops: list) -> None:
    for op in ops:
        _apply(personas, op)
    assert_stored_equals_computed()
    # Figures read from the stored rows equal figures computed from the events.
    assert funnel(personas.ccr) == funnel(personas.ccr, period=WIDE)
    assert measures(personas.ccr) == measures(personas.ccr, period=WIDE)


def test_actions_keep_the_stored_firsts(personas: Any) -> None:
    case = _cases(personas)[0]
    arrest = record_event(
        case, stage="arrest", occurred_on=FIRST, outcome="none", actor=personas.police_officer
    )
    row = CaseStageFirst.objects.get(case=case)
    assert row.arrest is None and row.exit_arrest_none
    update_event(
        arrest, version=arrest.version, changes={"outcome": "single"}, actor=personas.police_officer
    )
    row.refresh_from_db()
    assert row.arrest == FIRST and not row.exit_arrest_none
    assert_stored_equals_computed()


def test_a_case_without_events_has_no_row(personas: Any) -> None:
    case = _cases(personas)[0]
    event = Event.objects.create(
        case=case, stage="incident", occurred_on=FIRST, agency=personas.police
    )
    assert CaseStageFirst.objects.get(case=case).incident == FIRST
    event.delete()
    assert not CaseStageFirst.objects.filter(case=case).exists()


def test_rebuild_command_checks_then_recomputes(personas: Any) -> None:
    case = _cases(personas)[0]
    Event.objects.create(case=case, stage="incident", occurred_on=FIRST, agency=personas.police)
    CaseStageFirst.objects.filter(case=case).update(incident=None)  # drift, as after a bad restore
    out = StringIO()
    call_command("rebuild_stage_firsts", stdout=out)
    assert "1 stored rows differ" in out.getvalue()
    assert CaseStageFirst.objects.get(case=case).incident is None  # a dry run changes nothing
    call_command("rebuild_stage_firsts", "--commit", stdout=StringIO())
    assert CaseStageFirst.objects.get(case=case).incident == FIRST
    assert_stored_equals_computed()
