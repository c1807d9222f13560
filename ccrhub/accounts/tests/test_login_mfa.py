"""Signing in takes a password and an authenticator code; nobody skips the second (S14)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in


def test_alice_signs_in_with_password_and_code(alice: Person) -> None:
    client = sign_in(alice)
    assert client.get("/").status_code == 200


def test_password_alone_does_not_sign_alice_in(alice: Person) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Still a stranger: the dashboard sends her back to the login page.
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_wrong_code_is_refused(alice: Person) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    wrong = "000000" if alice.code() != "000000" else "111111"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_code_works_only_once(alice: Person) -> None:
    code = alice.code()
    totp = TOTP(Authenticator.objects.get(user=alice.user, type=Authenticator.Type.TOTP))
    assert totp.validate_code(code)
    assert not totp.validate_code(code)


def test_a_code_seen_by_a_shoulder_surfer_cannot_sign_in_again(alice: Person) -> None:
    sign_in(alice)
    thief = Client()
    thief.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    response = thief.post("/accounts/2fa/authenticate/", {"code": alice.code()})
    assert response.status_code == 200  # the form again, with an error
    assert thief.get("/").status_code == 302


def test_recovery_codes_are_single_use(alice: Person) -> None:
    codes = RecoveryCodes.activate(alice.user)
    code = codes.generate_codes()[0]
    assert codes.validate_code(code)
    assert not codes.validate_code(code)


def test_recovery_codes_sign_in_when_the_phone_is_lost(alice: Person) -> None:
    code = RecoveryCodes.activate(alice.user).generate_codes()[3]
    client = Client()
    client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_mfa_secrets_are_not_stored_in_the_clear(alice: Person) -> None:
    """A copy of the database gives neither the TOTP secret nor the recovery codes."""
    RecoveryCodes.activate(alice.user)
    totp = Authenticator.objects.get(user=alice.user, type=Authenticator.Type.TOTP)
    rc = Authenticator.objects.get(user=alice.user, type=Authenticator.Type.RECOVERY_CODES)
    assert alice.secret not in str(totp.data)
    assert totp.data["secret"].startswith("v1:")
    assert rc.data["seed"].startswith("v1:")


def test_no_code_by_sms_or_email_is_offered(alice: Person, settings: object) -> None:
    from allauth.account import app_settings as account_settings
    from allauth.mfa import app_settings as mfa_settings

    assert set(mfa_settings.SUPPORTED_TYPES) <= {"totp", "recovery_codes", "webauthn"}
    assert not account_settings.LOGIN_BY_CODE_ENABLED


def test_newcomer_reaches_only_the_enrolment_page(newcomer: Person) -> None:
    client = sign_in(newcomer)
    for path in ("/", "/settings/sessions/", "/settings/tokens/", "/partners/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path


def test_newcomer_session_is_refused_by_the_api(newcomer: Person) -> None:
    client = sign_in(newcomer)
    response = client.get("/api/v1/me")
    assert response.status_code in (401, 403)


def test_signed_in_member_uses_the_api_with_her_session(signed_in: Client) -> None:
    assert signed_in.get("/api/v1/me").status_code == 200


def test_newcomer_enrols_and_then_gets_in(newcomer: Person) -> None:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    client = sign_in(newcomer)
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        # allauth asks for the password again before MFA can be changed.
        client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("has_mfa", [False, True])
def test_django_admin_needs_mfa(make_person: object, has_mfa: bool) -> None:
    staff: Person = make_person("sam@hub.example", mfa=has_mfa, is_staff=True, is_superuser=True)  # type: ignore[operator]
    client = sign_in(staff)
    response = client.get("/admin/")
    if has_mfa:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_admin_login_page_is_allauths(db: None) -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
