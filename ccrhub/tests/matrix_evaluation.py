"""Permission-matrix rows and targets of goals, indicators, scorecards and reports.

Everyone with a role in the CCR sees its goals, scorecard, reviews and stories and
downloads its reports (figures follow their audience's disclosure rule); only the
coordinator manages them (403 for the other roles) and exports (`exports.create`).
An export exists only for its maker. The coalition view (lead: the CCR) is for the
roles that see aggregates there; the community member gets 403. The outsider
coordinates the neighbouring CCR: Riverbend's goals and scorecard do not exist for
him. The public report and its API answer everyone alike.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import (
    CCR_ALL,
    OK,
    PERSONAS,
    SIGNED_IN,
    Capability,
    Declaration,
    Door,
    Row,
    each,
)

PUBLIC_ROUTES = {"public:report", "api-public-summary"}

AGGREGATE_READERS = {**each(CCR_ALL, 200), "community_member": 403}


def manage(answer: int | str) -> dict[str, int | str]:
    return {**each(CCR_ALL, 403), "coordinator": answer}


COORDINATORS: dict[str, int | str] = {"coordinator": 200, "outsider": 200}

ROWS: list[Declaration] = [
    Row("evaluation:scorecard-home", "-", "GET", each(SIGNED_IN, 200)),
    Capability(
        "list goals and their indicators",
        each(SIGNED_IN, OK),
        page="GET evaluation:goal-list",
        api="GET api-indicator-list",
    ),
    Row("evaluation:goal-create", "-", "GET", COORDINATORS, otherwise=403),
    Row("evaluation:goal-create", "-", "POST", {"coordinator": OK, "outsider": OK}, 403),
    Row("evaluation:goal-detail", "ev_goal", "GET", each(CCR_ALL, 200)),
    Row("evaluation:goal-edit", "ev_goal", "GET", manage(200)),
    Row("evaluation:goal-edit", "ev_goal", "POST", manage(OK)),
    Row("evaluation:indicator-create", "ev_goal", "GET", manage(200)),
    Row("evaluation:indicator-create", "ev_goal", "POST", manage(OK)),
    Row("evaluation:indicator-edit", "ev_indicator", "GET", manage(200)),
    Row("evaluation:indicator-edit", "ev_indicator", "POST", manage(OK)),
    Row("evaluation:measurement-create", "ev_indicator", "GET", manage(200)),
    Row("evaluation:measurement-create", "ev_indicator", "POST", manage(OK)),
    Capability(
        "read a collaborative's scorecard",
        each(CCR_ALL, OK),
        target="ccr",
        page="GET evaluation:scorecard",
        api=Door("GET", "api-indicator-list", target="ev_ccr_query"),
    ),
    Capability(
        "read a collaborative's scorecard",
        {"outsider": OK},
        target="neighbour_ccr",
        page="GET evaluation:scorecard",
        api=Door("GET", "api-indicator-list", target="ev_neighbour_query"),
    ),
    Row("evaluation:review-list", "ccr", "GET", each(CCR_ALL, 200)),
    Row("evaluation:review-create", "ccr", "GET", manage(200)),
    Row("evaluation:review-create", "ccr", "POST", manage(OK)),
    Row("evaluation:story-list", "ccr", "GET", each(CCR_ALL, 200)),
    Row("evaluation:story-create", "ccr", "GET", manage(200)),
    Row("evaluation:story-create", "ccr", "POST", manage(OK)),
    Row("evaluation:story-edit", "ev_story", "GET", manage(200)),
    Row("evaluation:story-edit", "ev_story", "POST", manage(OK)),
    Row("evaluation:report-settings", "ccr", "GET", manage(200)),
    Row("evaluation:report-settings", "ccr", "POST", manage(OK)),
    Row("evaluation:report-pdf", "ccr", "GET", each(CCR_ALL, 200)),
    Row("evaluation:export-create", "ccr", "GET", manage(200)),
    Row("evaluation:export-create", "ccr", "POST", manage(OK)),
    Row("evaluation:export-download", "ev_export", "GET", {"coordinator": 200}),
    Row(
        "evaluation:coalition-list",
        "-",
        "GET",
        {**each(SIGNED_IN, 200), "community_member": 403},
    ),
    Row("evaluation:coalition-detail", "ev_coalition", "GET", AGGREGATE_READERS),
    # 200, or 422 for a query set below the disclosure minimum.
    Row(
        "api-indicator-figure",
        "ev_indicator_figure",
        "GET",
        each(CCR_ALL, OK),
        one_door="the pages show an indicator's figures on the scorecard, by quarter",
    ),
    # The public report and its API: everyone, the same answer.
    Capability(
        "read the public report",
        each(PERSONAS, OK),
        page="GET public:report",
        api="GET api-public-summary",
    ),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.evaluation import actions
    from ccrhub.evaluation.models import Coalition
    from ccrhub.lib.tabular import Table

    coordinator = personas.coordinator
    goal = actions.create_goal(personas.ccr, title="Swift consequences", actor=coordinator)
    indicator = actions.create_indicator(
        goal,
        title="Trainings delivered",
        question="how_much",
        level="performance",
        source="manual",
        unit="count",
        source_note="Training log",
        is_public=True,
        actor=coordinator,
    )
    story = actions.write_story(
        personas.ccr,
        title="Advocates in court",
        body="An advocate now attends every first appearance.",
        written_on=datetime.date(2026, 3, 1),
        is_published=True,
        actor=coordinator,
    )
    export = actions.create_export(
        personas.ccr,
        format="csv",
        purpose="Board pack",
        table=Table(name="goals", header=["Goal"], rows=[], row_ids=[]),
        actor=coordinator,
    )
    actions.set_report_settings(personas.ccr, is_public=True, actor=coordinator)
    coalition = Coalition.objects.create(name="State coalition", lead=personas.ccr)
    coalition.members.set([personas.ccr, personas.neighbour_ccr])
    return {
        "ev_goal": ({"public_id": goal.public_id}, {}),
        "ev_indicator": ({"public_id": indicator.public_id}, {}),
        "ev_indicator_figure": (
            {"public_id": indicator.public_id},
            {"from": "2026-01-01", "to": "2026-03-31"},
        ),
        "ev_story": ({"public_id": story.public_id}, {}),
        "ev_export": ({"public_id": export.public_id}, {}),
        "ev_coalition": ({"public_id": coalition.public_id}, {}),
        "ev_ccr_query": ({}, {"collaborative": str(personas.ccr.public_id)}),
        "ev_neighbour_query": ({}, {"collaborative": str(personas.neighbour_ccr.public_id)}),
    }
