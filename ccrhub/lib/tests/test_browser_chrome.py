"""The signed-in layout in a real browser: navigation, no CSP violation, accessible."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from ccrhub.accounts.models import User
from ccrhub.lib.tests.browser import MOBILE, assert_accessible, login_in_browser, screenshot
from ccrhub.partners.models import Collaborative, Representative, Role

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(browser_server) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        "coordinator@example.org", "a long passphrase 1", full_name="Casey Coordinator"
    )
    TOTP.activate(user, generate_totp_secret())
    county = Collaborative.objects.create(name="Elm County CCR", kind="ccr", area="Elm County")
    Representative.objects.create(collaborative=county, user=user, role=Role.COORDINATOR)
    return user


def test_the_dashboard_shows_the_signed_in_layout(page, browser_server, coordinator) -> None:  # type: ignore[no-untyped-def]
    login_in_browser(page.context, coordinator, browser_server)
    page.goto(browser_server.url + "/")

    assert page.url == browser_server.url + "/"
    assert page.locator("nav[aria-label='Main navigation']").count() == 1
    assert page.get_by_role("button", name="Sign out").count() == 1
    assert page.get_by_text("Elm County CCR").count() >= 1
    assert_accessible(page)
    screenshot(page, "dashboard-desktop")
    # The skip link is the first stop of the keyboard and lands on the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "usa-skipnav"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_on_a_phone_the_menu_opens_and_closes(page, browser_server, coordinator) -> None:  # type: ignore[no-untyped-def]
    login_in_browser(page.context, coordinator, browser_server)
    page.set_viewport_size(MOBILE)
    page.goto(browser_server.url + "/")

    nav = page.locator("nav.usa-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert nav.is_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-mobile-menu")
    page.keyboard.press("Escape")
    assert not nav.is_visible()


def test_signing_out_from_the_navigation_ends_the_session(
    page, browser_server, coordinator
) -> None:  # type: ignore[no-untyped-def]
    login_in_browser(page.context, coordinator, browser_server)
    page.goto(browser_server.url + "/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")

    page.goto(browser_server.url + "/")
    assert "/accounts/login/" in page.url
