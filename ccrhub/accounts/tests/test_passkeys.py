"""Security keys and passkeys (WebAuthn) as a second step beside the authenticator app (S14).

The ceremony itself needs a browser and a key: see test_passkeys_browser.py, which uses
Chromium's virtual authenticator. These stories cover the pages and the MFA gate.
"""

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django.test import Client

from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in


def add_key_row(person: Person, name: str = "Office key") -> Authenticator:
    """A key as stored after registration (the credential itself is the browser test's)."""
    return Authenticator.objects.create(
        user=person.user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )


def get_confirmed(client: Client, path: str) -> str:
    """GET `path`, giving the password again if allauth asks for it first (MFA changes)."""
    response = client.get(path)
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_security_keys_are_a_second_factor_and_never_the_only_one() -> None:
    assert "webauthn" in mfa_settings.SUPPORTED_TYPES
    assert not mfa_settings.PASSKEY_LOGIN_ENABLED
    assert not mfa_settings.PASSKEY_SIGNUP_ENABLED


def test_alice_can_add_a_security_key_on_a_page_of_ours(signed_in: Client) -> None:
    body = get_confirmed(signed_in, "/accounts/2fa/webauthn/add/")
    assert "<h1>Add a security key or passkey</h1>" in body
    assert 'class="usa-form"' in body
    assert 'id="js_data" type="application/json"' in body  # the creation options
    assert "/static/mfa/js/webauthn.js" in body
    assert "<script>" not in body  # nothing inline: the CSP forbids it


def test_the_two_step_page_offers_a_security_key_beside_the_app(signed_in: Client) -> None:
    body = signed_in.get("/accounts/2fa/").content.decode()
    assert "Security keys and passkeys" in body
    assert 'href="/accounts/2fa/webauthn/add/"' in body


def test_alice_sees_her_keys_and_can_rename_or_remove_them(alice: Person) -> None:
    key = add_key_row(alice)
    client = sign_in(alice)
    body = client.get("/accounts/2fa/webauthn/").content.decode()
    assert "Office key" in body
    assert f'href="/accounts/2fa/webauthn/keys/{key.pk}/edit/"' in body
    assert f'href="/accounts/2fa/webauthn/keys/{key.pk}/remove/"' in body


def test_the_code_page_offers_no_key_to_someone_who_has_none(alice: Person) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    body = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Enter your code" in body
    assert "Use your security key" not in body


def test_a_newcomer_may_enrol_with_a_security_key_instead_of_the_app(newcomer: Person) -> None:
    client = sign_in(newcomer)
    assert 'href="/accounts/2fa/webauthn/add/"' in get_confirmed(
        client, "/accounts/2fa/totp/activate/"
    )
    assert "<h1>Add a security key or passkey</h1>" in get_confirmed(
        client, "/accounts/2fa/webauthn/add/"
    )


def test_someone_whose_second_factor_is_a_security_key_gets_in(newcomer: Person) -> None:
    client = sign_in(newcomer)
    add_key_row(newcomer)
    assert client.get("/").status_code == 200
