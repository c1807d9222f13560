"""The maintained aggregates always equal a from-scratch computation, whatever the writes.

A coordinator's data arrives every way it can: imports (multi-row inserts that update
the events already there), single entries, edits of events and of cases (outcome,
date, stage, the offender's sex, the primary-aggressor determination, the offender
key), deletes of one event, of many, of a whole case's, and restores of deleted
events. After any mix of them the cells the triggers kept equal the cells computed
from the events; and for any period, the figures summed from the cells (with the
cases straddling its ends corrected) equal the figures computed from the period's
events alone.
"""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccrhub.cases import aggregates, stage_firsts
from ccrhub.cases.metrics import Period, funnel, measures, monthly_trends
from ccrhub.cases.metrics.cells import case_cells, case_cells_from_events
from ccrhub.cases.models import Case, Event, MetricCell
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
OUTCOMES = ("", "single", "dual", "none", "warrant", "convicted_plea", "dismissed", "acquitted")
SEXES = ("male", "female", "unknown")
AGGRESSORS = ("offender", "victim", "undetermined")
FIRST = datetime.date(2025, 1, 1)
CASES = 6

operation = st.tuples(
    st.sampled_from(
        [
            "import",
            "add",
            "outcome",
            "move",
            "restage",
            "sex",
            "aggressor",
            "rekey",
            "remove",
            "remove_many",
            "clear_case",
            "restore",
        ]
    ),
    st.integers(0, CASES - 1),
    st.integers(0, len(STAGES) - 1),
    st.integers(0, 800),  # day: recidivism windows are a year or two
    st.integers(0, 7),
)
day_or_open = st.one_of(st.none(), st.integers(0, 820))


def _cases(personas: Any) -> list[Case]:
    cases = list(Case.objects.filter(collaborative=personas.ccr).order_by("pk"))
    while len(cases) < CASES:
        n = len(cases)
        cases.append(
            Case.objects.create(
                collaborative=personas.ccr,
                external_ref=f"M-{n}",
                offender_key=f"key-{n % 3}",
                offender_sex=SEXES[n % 3],
                opened_on=FIRST,
            )
        )
    return cases


class Writer:
    """Applies one operation; keeps what was deleted so a restore can put it back."""

    def __init__(self, personas: Any) -> None:
        self.personas = personas
        self.deleted: list[Event] = []

    def apply(self, op: tuple[str, int, int, int, int]) -> None:
        kind, case_n, stage_n, day, other = op
        case = _cases(self.personas)[case_n]
        stage, on = STAGES[stage_n], FIRST + datetime.timedelta(days=day)
        outcome = OUTCOMES[other % len(OUTCOMES)]
        events = Event.objects.filter(case=case)
        if kind == "import":
            self._import(stage, on, outcome, other)
        elif kind == "add":
            Event.objects.get_or_create(
                case=case,
                stage=stage,
                track="",
                occurred_on=on,
                defaults={"outcome": outcome, "agency": self.personas.police},
            )
        elif kind == "outcome":
            events.filter(stage=stage).update(outcome=outcome)
        elif kind == "move":
            move_first_event(events, on)
        elif kind == "restage":
            restage_last_event(events, stage)
        elif kind == "sex":
            Case.objects.filter(pk=case.pk).update(offender_sex=SEXES[other % 3])
        elif kind == "aggressor":
            Case.objects.filter(pk=case.pk).update(primary_aggressor=AGGRESSORS[other % 3])
        elif kind == "rekey":
            Case.objects.filter(pk=case.pk).update(offender_key=f"key-{other % 3}")
        elif kind in ("remove", "remove_many", "clear_case"):
            doomed = {
                "remove": events.order_by("pk")[:1],
                "remove_many": events.filter(stage=stage),
                "clear_case": events,
            }[kind]
            gone = list(doomed)
            Event.objects.filter(pk__in=[e.pk for e in gone]).delete()
            self.deleted += gone
        elif kind == "restore" and self.deleted:
            Event.objects.bulk_create(self.deleted, ignore_conflicts=True)
            self.deleted = []

    def _import(self, stage: str, on: datetime.date, outcome: str, spread: int) -> None:
        """A multi-row INSERT … ON CONFLICT over several cases, as an import writes."""
        cases = _cases(self.personas)
        rows = [
            Event(
                case=cases[(spread + i) % CASES],
                stage=STAGES[(STAGES.index(stage) + i) % len(STAGES)],
                track="",
                occurred_on=on + datetime.timedelta(days=3 * i),
                outcome=outcome,
                agency=self.personas.police,
                source="import",
            )
            for i in range(4)
        ]
        Event.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["case", "stage", "track", "occurred_on"],
            update_fields=["outcome"],
        )


def _period(start: int | None, end: int | None) -> Period:
    def day(n: int | None) -> datetime.date | None:
        return None if n is None else FIRST + datetime.timedelta(days=n)

    return Period(day(start), day(end))


def assert_maintained_equals_computed(personas: Any, periods: list[Period]) -> None:
    assert stage_firsts.stored_rows() == stage_firsts.computed_rows()
    assert aggregates.stored_cells() == aggregates.computed_cells()
    kinds = [
        *aggregates.funnel_kinds(connection.vendor),
        *aggregates.measure_kinds(connection.vendor),
        *aggregates.trend_kinds(connection.vendor),
    ]
    for period in periods:
        assert sorted(case_cells(personas.ccr, period, kinds), key=repr) == sorted(
            case_cells_from_events(personas.ccr, period, kinds), key=repr
        ), period


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(operation, min_size=1, max_size=20),
    bounds=st.lists(st.tuples(day_or_open, day_or_open), min_size=1, max_size=3),
)
def test_maintained_aggregates_equal_a_fresh_computation_after_any_writes(
    personas: Any, ops: list, bounds: list
) -> None:
    writer = Writer(personas)
    for op in ops:
        writer.apply(op)
    periods = [Period(), *(_period(start, end) for start, end in bounds)]
    assert_maintained_equals_computed(personas, periods)
    # Folding the cells changes no answer.
    before = measures(personas.ccr), funnel(personas.ccr), monthly_trends(personas.ccr)
    aggregates.compact()
    assert (measures(personas.ccr), funnel(personas.ccr), monthly_trends(personas.ccr)) == before
    assert aggregates.stored_cells() == aggregates.computed_cells()


def test_a_case_edit_moves_its_counts_between_breakdowns(personas: Any) -> None:
    case = _cases(personas)[0]
    Event.objects.create(case=case, stage="incident", occurred_on=FIRST, agency=personas.police)
    Event.objects.create(case=case, stage="arrest", occurred_on=FIRST, agency=personas.police)

    def arrests_by_sex() -> dict[str, int]:
        [arrest_rate] = [
            m for m in measures(personas.ccr)["measures"] if m["name"] == "arrest_rate"
        ]
        return {g["group"]: g["numerator"] for g in arrest_rate["breakdowns"]["offender_sex"]}

    assert arrests_by_sex()["male"] == 1
    Case.objects.filter(pk=case.pk).update(offender_sex="female")
    assert arrests_by_sex()["male"] == 0 and arrests_by_sex()["female"] == 1


def test_a_repeat_by_another_case_of_the_offender_counts_as_recidivism(personas: Any) -> None:
    first, second = _cases(personas)[0], _cases(personas)[3]  # both key-0
    Event.objects.create(case=first, stage="incident", occurred_on=FIRST, agency=personas.police)
    later = FIRST + datetime.timedelta(days=200)
    Event.objects.create(case=second, stage="incident", occurred_on=later, agency=personas.police)
    horizon = FIRST + datetime.timedelta(days=400)
    Event.objects.create(
        case=_cases(personas)[1], stage="incident", occurred_on=horizon, agency=personas.police
    )

    def recidivism() -> tuple[int, int]:
        [rate] = [m for m in measures(personas.ccr)["measures"] if m["name"] == "recidivism_1y"]
        return rate["numerator"], rate["denominator"]

    assert recidivism() == (1, 1)
    Case.objects.filter(pk=second.pk).update(offender_key="key-2")  # no longer the same person
    assert recidivism() == (0, 1)


def test_rebuild_command_checks_then_recomputes(personas: Any) -> None:
    case = _cases(personas)[0]
    Event.objects.create(case=case, stage="incident", occurred_on=FIRST, agency=personas.police)
    MetricCell.objects.filter(kind=aggregates.FUNNEL).delete()  # drift, as after a bad restore
    out = StringIO()
    call_command("rebuild_aggregates", stdout=out)
    assert "1 cells differ" in out.getvalue()
    assert funnel(personas.ccr)["stages"][0]["count"] == 0  # a dry run changes nothing
    call_command("rebuild_aggregates", "--commit", stdout=StringIO())
    assert funnel(personas.ccr)["stages"][0]["count"] == 1
    assert aggregates.stored_cells() == aggregates.computed_cells()
