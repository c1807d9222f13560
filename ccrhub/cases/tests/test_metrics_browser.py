"""The analyst opens the measures page in a real browser: the funnel chart draws under
the strict CSP (no eval, no inline styles), beside the table of the same numbers."""

from typing import Any

import pytest

from ccrhub.cases.tests.test_funnel import build_hand_world
from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot

pytestmark = pytest.mark.browser


def test_the_coordinator_sees_the_funnel_chart_and_its_table(
    page: Any, browser_server: Any, personas: Any
) -> None:
    build_hand_world(personas)
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/measures/{personas.ccr.public_id}/")
    page.wait_for_selector("#chart-funnel[data-chart-ready] svg")
    page.wait_for_selector("#chart-days[data-chart-ready] svg")
    assert page.locator("#chart-funnel svg .mark-rect path").count() == 9
    table = page.locator("#funnel-table")
    assert table.get_by_role("row", name="Disposition 3 0 60 70").count() == 1
    assert_accessible(page)
    screenshot(page, "metrics-coordinator-funnel")


def test_the_analyst_sees_the_page_under_the_partner_rule(
    page: Any, browser_server: Any, personas: Any
) -> None:
    build_hand_world(personas)
    login_in_browser(page.context, personas.analyst, browser_server)
    page.goto(f"{browser_server.url}/measures/{personas.ccr.public_id}/?from=2025-01-01")
    page.wait_for_selector("#chart-funnel[data-chart-ready] svg")
    assert page.get_by_text("partner disclosure rule").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert download.value.suggested_filename.startswith("funnel-")
    screenshot(page, "metrics-analyst-funnel")
