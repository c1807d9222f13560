"""Indicators, the public report and the coalition view cover whole quarters for every
audience that sees aggregates only, and say which (trust finding 3)."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.evaluation import actions, disclosure, queries
from ccrhub.evaluation.models import Coalition
from ccrhub.evaluation.tests.conftest import open_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrests(personas: Any) -> Any:
    goal = actions.create_goal(personas.ccr, title="Accountability", actor=personas.coordinator)
    return actions.create_indicator(
        goal,
        title="Arrest rate",
        question="how_well",
        level="performance",
        source="computed",
        measure="arrest_rate",
        is_public=True,
        actor=personas.coordinator,
    )


def is_quarter(start: datetime.date, end: datetime.date) -> bool:
    return disclosure.quarter_of(start) == (start, end)


def test_indicator_points_asked_for_by_days_cover_whole_quarters_unless_exact(
    personas: Any, arrests: Any
) -> None:
    open_cases(personas, incidents=20, arrests=12, on=datetime.date(2026, 2, 10))
    open_cases(personas, incidents=1, arrests=1, on=datetime.date(2026, 3, 15))
    asked = [(datetime.date(2026, 2, 1), datetime.date(2026, 3, 14))]
    for audience in (queries.PARTNER, queries.PUBLIC):
        [point] = queries.series_of(arrests, audience=audience, quarters=asked).points
        assert (point.start, point.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
        assert point.raw == (13, 21)  # the case of 15 March is in
    [point] = queries.series_of(arrests, audience=queries.EXACT, quarters=asked).points
    assert (point.start, point.end, point.raw) == (*asked[0], (12, 20))


def test_the_interactive_filter_keeps_the_coordinators_period_and_widens_the_analysts(
    client_as: Any, personas: Any, arrests: Any
) -> None:
    open_cases(personas, incidents=20, arrests=12, on=datetime.date(2026, 2, 10))
    open_cases(personas, incidents=1, arrests=1, on=datetime.date(2026, 3, 15))
    url = reverse("api-indicator-figure", args=[arrests.public_id])
    asked = {"from": "2026-01-01", "to": "2026-03-14"}
    exact = client_as(personas.coordinator).get(url, asked).json()
    assert (exact["from"], exact["to"], exact["count"]) == ("2026-01-01", "2026-03-14", 12)
    assert exact["whole_quarters"] is False
    partner = client_as(personas.analyst).get(url, asked).json()
    assert (partner["from"], partner["to"]) == ("2026-01-01", "2026-03-31")
    assert partner["whole_quarters"] is True


def test_the_public_summary_says_the_whole_quarters_it_covers(
    client: Any, personas: Any, arrests: Any
) -> None:
    actions.set_report_settings(personas.ccr, actor=personas.coordinator, is_public=True)
    open_cases(personas, incidents=14, arrests=12, on=timezone.localdate())
    body = client.get(
        reverse("api-public-summary"), {"collaborative": personas.ccr.public_id}
    ).json()
    quarters = disclosure.quarters_back(timezone.localdate(), queries.QUARTERS_SHOWN)
    assert body["window"] == {
        "from": quarters[0][0].isoformat(),
        "to": quarters[-1][1].isoformat(),
        "whole_quarters": True,
    }
    [goal] = body["goals"]
    points = goal["indicators"][0]["points"]
    assert points and all(
        is_quarter(datetime.date.fromisoformat(p["from"]), datetime.date.fromisoformat(p["to"]))
        for p in points
    )


def test_the_public_report_page_names_its_quarters_in_english_and_spanish(
    client: Any, personas: Any, arrests: Any
) -> None:
    actions.set_report_settings(personas.ccr, actor=personas.coordinator, is_public=True)
    quarters = disclosure.quarters_back(timezone.localdate(), queries.QUARTERS_SHOWN)
    first, last = (disclosure.quarter_label(q[0]) for q in (quarters[0], quarters[-1]))
    english = client.get("/public/report/").content.decode()
    assert f"Every figure covers whole calendar quarters: {first} – {last}." in english
    spanish = client.get("/public/es/report/").content.decode()
    assert f"Cada cifra abarca trimestres naturales completos: {first} – {last}." in spanish


def test_the_coalition_view_names_the_four_quarters_it_covers(
    client_as: Any, personas: Any
) -> None:
    coalition = Coalition.objects.create(name="State coalition", lead=personas.ccr)
    coalition.members.set([personas.ccr])
    quarters = disclosure.quarters_back(timezone.localdate(), queries.REFERENCE_QUARTERS)
    html = (
        client_as(personas.analyst)
        .get(reverse("evaluation:coalition-detail", args=[coalition.public_id]))
        .content.decode()
    )
    first, last = (disclosure.quarter_label(q[0]) for q in (quarters[0], quarters[-1]))
    assert f"The figures cover whole calendar quarters: {first} – {last}." in html
