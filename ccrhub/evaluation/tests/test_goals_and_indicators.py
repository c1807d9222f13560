"""Goals and indicators: the coordinator sets them, everyone in the collaborative sees
them, and each change is audited without titles or descriptions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ccrhub.evaluation import actions, queries, registry
from ccrhub.evaluation.models import Goal, Indicator
from ccrhub.evaluation.tests.conftest import last_event_id, new_events
from ccrhub.lib.concurrency import StaleVersion

pytestmark = pytest.mark.django_db


def test_the_coordinator_adds_a_goal_through_the_page(client_as, personas) -> None:
    since = last_event_id()
    response = client_as(personas.coordinator).post(
        reverse("evaluation:goal-create"),
        {
            "collaborative": personas.ccr.public_id,
            "title": "Swift consequences",
            "description": "Violations get an answer within a week.",
            "owner": personas.probation_officer.public_id,
            "position": 1,
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and str(goal.public_id) in response["Location"]
    assert goal.owner == personas.probation_officer
    [event] = new_events(since)
    assert event.action == "evaluation.goal_created"
    assert "Swift" not in str(event.details)


def test_a_member_may_not_add_goals(personas) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_goal(personas.ccr, title="Mine", actor=personas.police_officer)


def test_a_computed_indicator_needs_a_known_measure(personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    with pytest.raises(ValidationError):
        actions.create_indicator(
            goal,
            title="x",
            question="how_well",
            level="performance",
            source="computed",
            measure="no_such_measure",
            actor=personas.coordinator,
        )
    indicator = actions.create_indicator(
        goal,
        title="Arrests",
        question="how_well",
        level="performance",
        source="computed",
        measure="arrest_rate",
        actor=personas.coordinator,
    )
    assert indicator.unit == "share"  # the measure's unit


def test_a_hand_entered_indicator_needs_its_source(personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    with pytest.raises(ValidationError) as raised:
        actions.create_indicator(
            goal,
            title="Survey",
            question="better_off",
            level="population",
            source="manual",
            unit="share",
            actor=personas.coordinator,
        )
    assert "source_note" in raised.value.message_dict


def test_a_share_needs_a_denominator_not_below_its_numerator(personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    indicator = actions.create_indicator(
        goal,
        title="Felt safer",
        question="better_off",
        level="performance",
        source="manual",
        unit="share",
        source_note="Exit survey",
        actor=personas.coordinator,
    )
    day = datetime.date(2026, 1, 1)
    for numerator, denominator in ((5, None), (9, 4)):
        with pytest.raises(ValidationError):
            actions.record_measurement(
                indicator,
                period_start=day,
                period_end=day,
                numerator=numerator,
                denominator=denominator,
                actor=personas.coordinator,
            )
    actions.record_measurement(
        indicator,
        period_start=day,
        period_end=datetime.date(2026, 3, 31),
        numerator=30,
        denominator=40,
        actor=personas.coordinator,
    )
    # Entering the period again replaces it.
    actions.record_measurement(
        indicator,
        period_start=day,
        period_end=datetime.date(2026, 3, 31),
        numerator=32,
        denominator=40,
        actor=personas.coordinator,
    )
    assert [(m.numerator, m.denominator) for m in indicator.measurements.all()] == [(32, 40)]


def test_a_stale_edit_is_refused(personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    actions.update_goal(
        goal, changes={"title": "New"}, expected_version=1, actor=personas.coordinator
    )
    with pytest.raises(StaleVersion):
        actions.update_goal(
            goal, changes={"title": "Lost"}, expected_version=1, actor=personas.coordinator
        )
    goal.refresh_from_db()
    assert goal.title == "New"


def test_the_trend_says_whether_the_curve_turns(personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    indicator = actions.create_indicator(
        goal,
        title="Repeat calls",
        question="better_off",
        level="population",
        source="manual",
        unit="count",
        source_note="Dispatch",
        direction="down",
        baseline=Decimal(50),
        actor=personas.coordinator,
    )
    quarters = [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
    ]
    for (start, end), n in zip(quarters, (60, 45), strict=True):
        actions.record_measurement(
            indicator, period_start=start, period_end=end, numerator=n, actor=personas.coordinator
        )
    series = queries.series_of(indicator, audience=queries.EXACT, quarters=quarters)
    assert [p.value for p in series.points] == [60.0, 45.0]
    assert series.trend == "better"  # fewer, and lower is better
    chart = series.chart_spec
    assert [v["value"] for v in chart["data"]["values"]] == [60.0, 45.0]
    assert {"datum": 50.0, "type": "quantitative", "scale": {"zero": True}} in [
        layer["encoding"].get("y") for layer in chart["layer"]
    ]  # the baseline, drawn as a line


def test_partners_see_rounded_counts_and_members_exact_ones(client_as, personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    indicator = actions.create_indicator(
        goal,
        title="Trainings",
        question="how_much",
        level="performance",
        source="manual",
        unit="count",
        source_note="Log",
        actor=personas.coordinator,
    )
    from django.utils import timezone

    today = timezone.localdate()
    actions.record_measurement(
        indicator,
        period_start=today.replace(day=1),
        period_end=today,
        numerator=23,
        actor=personas.coordinator,
    )
    url = reverse("api-indicator-list")
    query = {"collaborative": str(personas.ccr.public_id)}
    exact = client_as(personas.prosecutor).get(url, query).json()
    partner = client_as(personas.analyst).get(url, query).json()
    public = client_as(personas.community_member).get(url, query).json()

    def latest(body):
        [collaborative] = body["collaboratives"]
        point = collaborative["goals"][0]["indicators"][0]["points"][-1]
        return collaborative["disclosure"], point["count"]

    assert latest(exact) == ("exact", 23)
    assert latest(partner) == ("partner", 25)
    assert latest(public)[0] == "public"
    assert client_as(personas.outsider).get(url, query).status_code == 404
    # Without a collaborative: every one the caller sees (the outsider's own only).
    mine = client_as(personas.outsider).get(url).json()["collaboratives"]
    assert [c["id"] for c in mine] == [str(personas.neighbour_ccr.public_id)]


def test_registered_measures_compute_from_live_data(personas) -> None:
    from ccrhub.cases.metrics import Period
    from ccrhub.evaluation.tests.conftest import open_cases

    day = datetime.date(2026, 2, 10)
    open_cases(personas, incidents=3, arrests=2, on=day)
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert registry.evaluate("arrest_rate", personas.ccr, period) == (2, 3)
    assert registry.evaluate("incidents", personas.ccr, period) == (3, None)
    assert registry.evaluate("outreach_activities", personas.ccr, period) == (0, None)
    done, due = registry.evaluate("action_items_completed", personas.ccr, period)
    assert done == due == 0
    with pytest.raises(ValueError):
        registry.register("arrest_rate", "Again", lambda c, p: 0)


def test_indicators_listed_in_one_goal_page(client_as, personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    actions.create_indicator(
        goal,
        title="Arrests",
        question="how_well",
        level="performance",
        source="computed",
        measure="arrest_rate",
        actor=personas.coordinator,
    )
    response = client_as(personas.analyst).get(
        reverse("evaluation:goal-detail", args=[goal.public_id])
    )
    assert response.status_code == 200
    assert "Arrests" in response.content.decode()
    assert Indicator.objects.count() == 1
