"""The coordinator finds a case in a real browser, with the keyboard only: type the
first letters of the reference, press Enter, read the count, follow the next page."""

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest

from ccrhub.cases import actions
from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/search-shots")


def shot(page: Any, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def test_the_coordinator_finds_a_case_by_prefix_with_the_keyboard(
    page: Any, browser_server: Any, personas: Any
) -> None:
    for n in range(55):
        actions.open_case(
            personas.ccr,
            external_ref=f"RPD-2026-{n:04d}",
            offender_ref=f"offender-{n}",
            opened_on=datetime.date(2026, 3, 1 + n % 28),
            actor=personas.police_officer,
        )
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{browser_server.url}/cases/")
    shot(page, "case-search-1280-all")

    reference = page.get_by_label("Agency reference")
    reference.focus()
    page.keyboard.type("RPD-2026-00")
    page.keyboard.press("Enter")
    page.wait_for_url("**reference=RPD-2026-00**")
    count = page.locator("#case-results").inner_text()
    assert count.startswith("55 cases") and "showing 1–50" in count
    assert_accessible(page)
    shot(page, "case-search-1280-prefix")

    page.get_by_role("link", name="Next page").click()
    assert page.locator("tbody tr").count() == 5
    assert page.get_by_text("Page 2 of 2").count() == 1

    page.goto(f"{browser_server.url}/cases/?reference=NOPE-1&match=exact")
    assert page.get_by_text("No case matches").count() == 1
    page.goto(f"{browser_server.url}/cases/?opened_after=2026-13-40")
    assert page.get_by_text("Enter a valid date").count() >= 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{browser_server.url}/cases/?reference=RPD-2026-00")
    shot(page, "case-search-390-prefix")
