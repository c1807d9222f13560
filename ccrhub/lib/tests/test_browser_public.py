"""The public home in a real browser: the quick exit, no trace left, accessible (S26)."""

from urllib.parse import urlsplit

import pytest

from ccrhub.lib.tests.browser import MOBILE, assert_accessible, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def exit_to(settings, browser_server):  # type: ignore[no-untyped-def]
    """Point the quick exit at a page of the live server, so leaving stays on this machine."""
    url = browser_server.url + "/public/safety/?left=1"
    settings.QUICK_EXIT_URL = url
    return url


def test_the_quick_exit_is_the_first_thing_the_keyboard_reaches(
    page, browser_server, exit_to
) -> None:  # type: ignore[no-untyped-def]
    page.goto(browser_server.url + "/public/")
    page.keyboard.press("Tab")

    focused = page.evaluate("() => document.activeElement.hasAttribute('data-quick-exit')")
    assert focused


def test_on_a_phone_the_quick_exit_is_visible_without_scrolling_and_stays_while_scrolling(
    page,
    browser_server,
    exit_to,  # type: ignore[no-untyped-def]
) -> None:
    page.set_viewport_size(MOBILE)
    page.goto(browser_server.url + "/public/")
    button = page.locator("[data-quick-exit]")

    box = button.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= MOBILE["height"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]
    screenshot(page, "public-home-mobile")

    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => window.scrollY > 0")
    box = button.bounding_box()
    assert box is not None and 0 <= box["y"] < 80
    # Nothing covers it: the element at its centre is the button itself.
    covered = page.evaluate(
        """() => {
            const b = document.querySelector('[data-quick-exit]');
            const r = b.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(hit === b || b.contains(hit));
        }"""
    )
    assert not covered


def _leave_with(page, browser_server, exit_to, action) -> None:  # type: ignore[no-untyped-def]
    page.goto(browser_server.url + "/public/safety/")  # somewhere visited before
    page.goto(browser_server.url + "/public/")
    page.wait_for_load_state("load")
    history_before = page.evaluate("() => history.length")

    action(page)
    page.wait_for_url(exit_to)

    # Replaced, not pushed: the history did not grow and "back" skips the help page.
    assert page.evaluate("() => history.length") == history_before
    page.go_back()
    assert urlsplit(page.url).path == "/public/safety/"
    assert "left=1" not in page.url


def test_the_quick_exit_button_replaces_the_page(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    _leave_with(page, browser_server, exit_to, lambda p: p.click("[data-quick-exit]"))


def test_esc_leaves_the_page(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    _leave_with(page, browser_server, exit_to, lambda p: p.keyboard.press("Escape"))


def test_pressing_shift_three_times_leaves_the_page(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    def shift_three_times(p) -> None:  # type: ignore[no-untyped-def]
        for _ in range(3):
            p.keyboard.press("Shift")

    _leave_with(page, browser_server, exit_to, shift_three_times)


def test_shift_pressed_slowly_or_twice_does_not_leave(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    page.goto(browser_server.url + "/public/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(1100)
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)

    assert urlsplit(page.url).path == "/public/"


def test_the_page_blanks_at_once_when_leaving(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    # What is on screen when the tab starts leaving stays there while the neutral
    # site loads: note it as the page unloads and read it at the destination.
    page.add_init_script(
        """addEventListener('beforeunload', () => sessionStorage.setItem('seen', JSON.stringify(
            {children: document.body.children.length, title: document.title})));"""
    )
    page.goto(browser_server.url + "/public/")
    assert page.evaluate("() => document.body.children.length") > 0
    page.keyboard.press("Escape")
    page.wait_for_url(exit_to)

    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('seen'))")
    assert seen == {"children": 0, "title": ""}


def test_a_visit_leaves_no_cookie_no_storage_and_no_request_elsewhere(
    page,
    browser_server,
    exit_to,  # type: ignore[no-untyped-def]
) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(browser_server.url + "/public/")
    page.wait_for_load_state("networkidle")
    page.goto(browser_server.url + "/public/es/")
    page.wait_for_load_state("networkidle")

    assert hosts == {urlsplit(browser_server.url).netloc}
    assert page.context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    registrations = page.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).length"
    )
    assert registrations == 0


def test_the_public_pages_pass_axe(page, browser_server, exit_to) -> None:  # type: ignore[no-untyped-def]
    for path in ("/public/", "/public/safety/", "/public/es/", "/public/es/safety/"):
        page.goto(browser_server.url + path)
        assert_accessible(page)
    page.goto(browser_server.url + "/public/")
    screenshot(page, "public-home-desktop")
    page.set_viewport_size(MOBILE)
    page.goto(browser_server.url + "/public/es/")
    assert_accessible(page)
    screenshot(page, "public-home-es-mobile")
