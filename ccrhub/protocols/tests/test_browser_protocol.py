"""A member reads a protocol, sees who has not signed and compares its two versions; the
coordinator loads the roles & responsibilities template. The pages pass axe."""

from typing import Any

import pytest

from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.protocols.models import Responsibility

pytestmark = pytest.mark.browser


def test_the_coordinator_reads_compares_and_loads_the_matrix(
    page: Any, browser_server: Any, personas: Any, arrest_protocol: Any
) -> None:
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/protocols/")
    page.get_by_role("link", name="Arrest and response protocol").click()
    page.wait_for_selector("#not-signed")
    assert "Riverbend County Sheriff's Office" in page.locator("#not-signed").inner_text()
    assert "Marcus Bell" in page.locator("#signed").inner_text()
    assert_accessible(page)
    screenshot(page, "protocols-detail")

    page.get_by_role("link", name="Compare versions").click()
    page.wait_for_selector("#diff")
    assert "predominant aggressor" in page.locator("#diff ins").first.inner_text()
    assert_accessible(page)
    screenshot(page, "protocols-diff")

    page.goto(f"{browser_server.url}/protocols/responsibilities/{personas.ccr.public_id}/")
    page.get_by_role("button", name="Start from the template (roles in brief)").click()
    page.wait_for_selector("#matrix")
    assert Responsibility.objects.filter(collaborative=personas.ccr).count() == 27
    assert_accessible(page)
    screenshot(page, "protocols-matrix")
