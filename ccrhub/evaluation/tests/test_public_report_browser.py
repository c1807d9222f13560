"""A visitor reads the public report in Spanish on a phone, in a real browser: the
charts are drawn, nothing is asked of another website, no cookie is kept, the page is
accessible, and the quick exit leaves at once."""

from typing import Any

import pytest

from ccrhub.lib.tests.browser import MOBILE, assert_accessible, login_in_browser, screenshot

pytestmark = pytest.mark.browser


def test_the_spanish_public_report_on_a_phone(
    page: Any, browser_server: Any, demo_evaluation: Any
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size(MOBILE)
    page.goto(browser_server.url + "/public/es/report/")
    assert page.locator("h1").inner_text() == "Lo que ha cambiado en nuestra comunidad"
    page.locator(".app-chart[data-chart-ready] svg").first.wait_for()
    assert page.locator(".app-chart[data-chart-ready] svg").count() >= 2
    assert "Intérpretes en la línea de ayuda" in page.content()
    assert_accessible(page)
    assert screenshot(page, "evaluation-public-report-es-mobile").exists()
    assert requested and all(url.startswith(browser_server.url) for url in requested), requested
    assert page.context.cookies() == []


def test_the_english_scorecard_of_the_coordinator(
    page: Any, browser_server: Any, demo_evaluation: Any
) -> None:
    login_in_browser(page.context, demo_evaluation.coordinator, browser_server)
    page.goto(browser_server.url + f"/evaluation/scorecards/{demo_evaluation.ccr.public_id}/")
    page.locator(".app-chart[data-chart-ready] svg").first.wait_for()
    assert page.locator(".app-chart[data-chart-ready] svg").count() >= 4
    assert_accessible(page)
    screenshot(page, "evaluation-scorecard")
