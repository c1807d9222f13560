"""A passkey in a real browser: Chromium's virtual authenticator stands in for the key.

The officer signs in with password and app code, adds a security key, signs out, and
signs in again with password and the key instead of a code.
"""

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from ccrhub.audit.models import AuditEvent
from ccrhub.lib.tests.browser import assert_accessible, screenshot
from ccrhub.partners.tests.fixtures import Personas

pytestmark = pytest.mark.browser

# A roaming key on USB that checks its owner (a PIN) and answers without a real touch.
VIRTUAL_KEY = {
    "protocol": "ctap2",
    "transport": "usb",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def attach_virtual_key(page: Any) -> tuple[Any, str]:
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable", {"enableUI": False})
    added = devtools.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_KEY})
    return devtools, added["authenticatorId"]


def enter_password(page: Any, server: Any, email: str, password: str) -> Any:
    page.goto(server.url + "/accounts/login/")
    main = page.get_by_role("main")
    main.locator("input[name=login]").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/accounts/2fa/authenticate/")
    return main


def test_an_officer_adds_a_passkey_and_signs_in_with_it(
    page: Any, browser_server: Any, personas: Personas
) -> None:
    officer = personas.police_officer
    password = Personas.password("police_officer")
    secret = Personas.totp_secret("police_officer")
    devtools, key_id = attach_virtual_key(page)

    main = enter_password(page, browser_server, officer.email, password)
    main.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    main.get_by_role("button", name="Sign in").click()
    page.wait_for_url(browser_server.url + "/")

    page.goto(browser_server.url + "/accounts/2fa/")
    main.get_by_role("link", name="Add a security key or passkey").click()
    if "/accounts/reauthenticate/" in page.url:  # allauth may ask for the password again
        main.get_by_label("Password").fill(password)
        main.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    screenshot(page, "passkey-add")
    main.get_by_label("Name").fill("Patrol car key")
    main.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert (
        len(devtools.send("WebAuthn.getCredentials", {"authenticatorId": key_id})["credentials"])
        == 1
    )
    key = Authenticator.objects.get(user=officer, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Patrol car key"
    assert AuditEvent.objects.filter(
        action="mfa.activated", actor=officer, details__type="webauthn"
    ).exists()
    screenshot(page, "passkey-added")

    page.goto(browser_server.url + "/accounts/2fa/webauthn/")
    assert main.get_by_role("rowheader", name="Patrol car key").count() == 1
    assert_accessible(page)
    screenshot(page, "passkey-list")

    page.goto(browser_server.url + "/accounts/logout/")
    main.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")

    main = enter_password(page, browser_server, officer.email, password)
    assert_accessible(page)
    screenshot(page, "passkey-sign-in-choice")
    main.get_by_role("button", name="Use your security key or passkey").click()
    page.wait_for_url(browser_server.url + "/")
    assert main.get_by_role("heading", level=1).count() >= 1
    screenshot(page, "passkey-signed-in")
    key.refresh_from_db()
    assert key.last_used_at is not None
