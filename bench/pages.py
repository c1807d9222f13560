"""The scorecard and the public report of the collaborative holding all the events.

The bench gives the collaborative what a coordinator would set up: goals with indicators
computed from the case measures (public ones among them) and a public report. Each
round first records one new event through the application (not timed), so that any
answer kept from the round before is out of date, as on a live deployment where
someone is always entering data; then it times the page. `*_ms` are the medians of
those rounds; `*_repeat_ms` the same page asked again at once with nothing changed.
A slow page gets fewer rounds (at least one; no new round starts once the pages have
taken `BENCH_PAGE_SECONDS`, default 120 s), so that `make bench` keeps to its time.
"""

import datetime
import os
import statistics
import time
from typing import Any

COMPUTED = (
    ("Arrest rate in reported incidents", "arrest_rate", True),
    ("Reported incidents", "incidents", True),
    ("Prosecution rate", "prosecution_rate", True),
    ("Conviction rate", "conviction_rate", False),
    ("BIP completion", "bip_completion_rate", True),
    ("Violations answered within the limit", "violation_response_within_limit", False),
    ("New incident within a year", "recidivism_1y", True),
)
ROUNDS = 5
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "120"))


def set_up_reporting(collaborative: Any, coordinator: Any) -> None:
    from ccrhub.evaluation import actions

    goal = actions.create_goal(
        collaborative,
        title="Offenders are held accountable, swiftly and surely",
        actor=coordinator,
    )
    for position, (title, measure, public) in enumerate(COMPUTED):
        actions.create_indicator(
            goal,
            title=title,
            question="how_well",
            level="performance",
            source="computed",
            measure=measure,
            direction="up",
            is_public=public,
            position=position,
            actor=coordinator,
        )
    actions.set_report_settings(collaborative, is_public=True, actor=coordinator)


def _new_event(collaborative: Any, coordinator: Any, police: Any, n: int) -> None:
    from ccrhub.cases.actions import record_event
    from ccrhub.cases.models import Case

    case = Case.objects.filter(collaborative=collaborative).order_by("id")[n]
    record_event(
        case,
        stage="incident",
        occurred_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        agency=police,
        source="import",
        actor=coordinator,
    )


def _ms(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def report_figures(collaborative: Any, coordinator: Any, police: Any, client: Any) -> dict:
    from django.test import Client

    scorecard_url = f"/evaluation/scorecards/{collaborative.public_id}/"
    public_url = f"/public/report/?collaborative={collaborative.public_id}"
    anonymous = Client()

    def scorecard() -> None:
        assert client.get(scorecard_url).status_code == 200

    def public_report() -> None:
        assert anonymous.get(public_url).status_code == 200

    figures: dict[str, Any] = {"first_scorecard_ms": round(_ms(scorecard), 1)}
    timed: dict[str, list[float]] = {"scorecard": [], "public_report": []}
    repeats: dict[str, list[float]] = {"scorecard": [], "public_report": []}
    started = time.perf_counter()
    for n in range(ROUNDS):
        if n and time.perf_counter() - started > BUDGET_SECONDS:
            break
        for name, page in (("scorecard", scorecard), ("public_report", public_report)):
            _new_event(collaborative, coordinator, police, 2 * n + (name == "public_report"))
            timed[name].append(_ms(page))
            repeats[name].append(_ms(page))
    for name in timed:
        figures[f"{name}_ms"] = round(statistics.median(timed[name]), 1)
        figures[f"{name}_repeat_ms"] = round(statistics.median(repeats[name]), 1)
    figures["rounds"] = len(timed["scorecard"])
    return figures
