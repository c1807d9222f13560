"""Each persona's menu in a real browser: the dashboard with its week, the Tracking menu
open, and every link of the menu a page the persona may open (checked without a browser
in test_every_menu_item_opens_for_its_persona)."""

from pathlib import Path
from typing import Any

import pytest

from ccrhub.lib.tests.browser import assert_accessible, screenshot
from ccrhub.partners.tests.fixtures import Personas
from ccrhub.tests.test_browser_personas import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/nav-shots")


@pytest.mark.parametrize("persona", ["coordinator", "advocate", "police_officer", "outsider"])
def test_each_persona_sees_only_menus_it_may_use(
    page: Any, browser_server: Any, personas: Personas, persona: str
) -> None:
    sign_in(page, browser_server, persona, getattr(personas, persona))
    SHOTS.mkdir(exist_ok=True)
    navigation = page.get_by_role("navigation", name="Main navigation")
    if persona == "outsider":
        assert navigation.get_by_text("High-risk").count() == 0
    assert_accessible(page)
    screenshot(page, f"navigation-{persona}-dashboard")
    page.screenshot(path=str(SHOTS / f"{persona}-dashboard.png"), full_page=True)
    tracking = navigation.get_by_role("button", name="Tracking")
    if tracking.count():
        tracking.click()
        page.screenshot(path=str(SHOTS / f"{persona}-tracking-menu.png"))
