"""Error pages in a real browser: the public layout for public paths, accessible."""

import pytest

from ccrhub.lib.tests.browser import allow_browser_errors, assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_a_missing_public_page_keeps_the_quick_exit(page, browser_server) -> None:  # type: ignore[no-untyped-def]
    allow_browser_errors(page, r"status of 404")
    page.goto(browser_server.url + "/public/no-such-page/")

    assert page.locator("h1").inner_text() == "Page not found"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-quick-exit')")
    assert page.context.cookies() == []
    assert_accessible(page)
    screenshot(page, "public-404")


def test_a_missing_private_page_says_nothing_more_than_not_found(page, browser_server) -> None:  # type: ignore[no-untyped-def]
    allow_browser_errors(page, r"status of 404")
    page.goto(browser_server.url + "/cases/not-a-case/no-such-thing/")

    assert page.locator("h1").inner_text() == "Page not found"
    assert "not-a-case" not in page.content()
    assert_accessible(page)
