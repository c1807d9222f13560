"""The personas in a real browser: sign in with password and TOTP, look at coverage,
and the officer who is a party to a case never finds it."""

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from ccrhub.cases.demo import PARTY_CASE, seed_demo_cases
from ccrhub.lib.tests.browser import allow_browser_errors, assert_accessible, screenshot
from ccrhub.partners.tests.fixtures import Personas

pytestmark = pytest.mark.browser


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page: Any, server: Any, persona: str, user: Any) -> None:
    """The real login: e-mail and password, then the code from the authenticator app."""
    page.goto(server.url + "/")
    main = page.get_by_role("main")
    main.locator("input[name=login]").fill(user.email)
    main.get_by_label("Password").fill(Personas.password(persona))
    main.get_by_role("button", name="Sign in").click()
    main.get_by_label("Code").fill(current_code(Personas.totp_secret(persona)))
    main.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/")


def test_coordinator_signs_in_with_totp_and_sees_the_coverage_gaps(
    page: Any, browser_server: Any, personas: Personas
) -> None:
    sign_in(page, browser_server, "coordinator", personas.coordinator)
    assert page.get_by_role("heading", name=personas.ccr.name).count() == 1
    screenshot(page, "persona-coordinator-dashboard")

    page.get_by_role("link", name=f"Coverage of {personas.ccr.name}").click()
    assert page.get_by_text("Health care").count() >= 1  # the demo CCR lacks health care
    assert page.get_by_text("Law enforcement").count() >= 1
    assert_accessible(page)
    screenshot(page, "persona-coordinator-coverage")


def test_party_officer_cannot_find_the_case_they_are_party_to(
    page: Any, browser_server: Any, personas: Personas
) -> None:
    seed_demo_cases(personas.county)
    from ccrhub.cases.models import Case

    party_case = Case.objects.get(external_ref=PARTY_CASE[0])
    sign_in(page, browser_server, "party_officer", personas.party_officer)

    page.goto(browser_server.url + "/cases/")
    assert page.get_by_text("RPD-2026-0114").count() == 1
    assert page.get_by_text(PARTY_CASE[0]).count() == 0
    screenshot(page, "persona-party-officer-cases")

    allow_browser_errors(page, r"status of 404")
    page.goto(browser_server.url + f"/cases/{party_case.public_id}/")
    assert page.get_by_role("heading", name="Page not found").count() == 1
