"""The public report at /public/report/ and /api/v1/reports/public-summary: anyone,
no cookies, never stored, a quick exit, English and Spanish, and never a count from
1 to 10."""

import datetime
import json
import re
from typing import Any

import pytest

from ccrhub.evaluation import actions
from ccrhub.evaluation.tests.conftest import open_cases

pytestmark = pytest.mark.django_db
CHART_SPEC = re.compile(r'<script type="application/json" class="chart-spec"[^>]*>(.*?)</script>')


def counts_in(summary: dict[str, Any]) -> list[int]:
    found = []
    for goal in summary["goals"]:
        for indicator in goal["indicators"]:
            for point in indicator["points"]:
                found += [v for v in (point["count"], point["denominator"]) if v is not None]
    return found


def arrests_this_quarter(personas: Any) -> None:
    """Small numbers: 14 incidents, 9 arrests and so 5 without one, this quarter."""
    from django.utils import timezone

    open_cases(personas, incidents=14, arrests=9, on=timezone.localdate())


def test_the_public_page_shows_the_figures_with_small_counts_hidden(
    client, demo_evaluation
) -> None:
    arrests_this_quarter(demo_evaluation)
    response = client.get("/public/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Calls answered by the 24-hour hotline" in html and 'class="chart-spec"' in html
    assert "171" in html  # a large count shows, beside its chart
    # BIP completion is not marked public; the arrest rate is, with its counts hidden.
    assert "BIP completion" not in html
    for card in response.context["cards"]:
        for series in card.series:
            for point in series.points:
                for value in (point.numerator, point.denominator):
                    assert value is None or value == 0 or value > 10
                if point.raw and 1 <= point.raw[0] <= 10:
                    assert point.numerator is None
    assert "Advocates at first appearance" in html
    assert "Intérpretes en la línea de ayuda" not in html  # the Spanish story


def test_the_public_page_sets_no_cookie_and_is_never_stored(client, demo_evaluation) -> None:
    response = client.get("/public/report/")
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert (
        'id="quick-exit"' in response.content.decode() or "quick-exit" in response.content.decode()
    )


def test_the_public_page_works_in_spanish(client, demo_evaluation) -> None:
    response = client.get("/public/es/report/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Lo que ha cambiado en nuestra comunidad" in html
    assert "Para proteger la privacidad" in html and "Trimestre" in html
    assert "Intérpretes en la línea de ayuda" in html
    assert "Advocates at first appearance" not in html
    assert 'href="/public/report/' in html  # the same page in English
    # Chart figures stay numbers ("12.5", never "12,5"); only the words are Spanish.
    specs = [json.loads(block) for block in CHART_SPEC.findall(html)]
    assert specs and "Trimestre a trimestre" in specs[0]["description"]
    for spec in specs:
        for value in spec["data"]["values"]:
            assert value["value"] is None or isinstance(value["value"], int | float)


def test_a_signed_in_visitor_gets_no_cookie_either(client_as, demo_evaluation) -> None:
    response = client_as(demo_evaluation.coordinator).get("/public/es/report/")
    assert response.status_code == 200
    assert not response.cookies


def test_without_a_public_collaborative_the_page_says_so(client, personas) -> None:
    response = client.get("/public/report/")
    assert response.status_code == 200
    assert "No report is published yet." in response.content.decode()
    assert client.get("/api/v1/reports/public-summary").status_code == 404


def test_the_summary_api_is_public_and_suppressed(client, demo_evaluation) -> None:
    arrests_this_quarter(demo_evaluation)
    response = client.get(
        "/api/v1/reports/public-summary", {"collaborative": str(demo_evaluation.ccr.public_id)}
    )
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    summary = response.json()
    assert summary["collaborative"]["name"] == demo_evaluation.ccr.name
    counts = counts_in(summary)
    assert 171 in counts
    assert all(v == 0 or v > 10 for v in counts)
    titles = [i["title"] for g in summary["goals"] for i in g["indicators"]]
    assert "Arrest rate in reported incidents" in titles and "BIP completion" not in titles


def test_the_summary_defaults_to_the_first_public_collaborative(client, demo_evaluation) -> None:
    response = client.get("/api/v1/reports/public-summary")
    assert response.json()["collaborative"]["id"] == str(demo_evaluation.ccr.public_id)


def test_a_collaborative_that_does_not_publish_is_not_found(client, demo_evaluation) -> None:
    p = demo_evaluation
    for raw in (str(p.sart.public_id), "not-an-id"):
        assert (
            client.get("/api/v1/reports/public-summary", {"collaborative": raw}).status_code == 404
        )
    actions.set_report_settings(p.ccr, is_public=False, actor=p.coordinator)
    assert client.get("/api/v1/reports/public-summary").status_code == 404


def test_an_arrest_count_under_eleven_never_shows(client, demo_evaluation) -> None:
    """9 arrests of 14 incidents: the 9 and the 5 without arrest hide (the 14 may
    show: it gives neither away), and so does the share."""
    arrests_this_quarter(demo_evaluation)
    summary = client.get("/api/v1/reports/public-summary").json()
    [arrests] = [
        i for g in summary["goals"] for i in g["indicators"] if i["title"].startswith("Arrest")
    ]
    latest = arrests["points"][-1]
    assert latest["count"] is None and latest["value"] is None
    assert latest["denominator"] in (None, 14)
    assert datetime.date.fromisoformat(latest["to"]) >= datetime.date.today() - datetime.timedelta(
        days=1
    )
