"""Logins, logouts, failures, lockouts, MFA changes, sessions, users and tokens are audited
(S18), without personal data in the event (S19)."""

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from ccrhub.accounts.actions import (
    create_api_token,
    deactivate_user,
    end_user_session,
    revoke_api_token,
)
from ccrhub.accounts.models import UserSession
from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in
from ccrhub.audit.models import AuditEvent


def _actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


def test_login_and_logout_are_audited(alice: Person) -> None:
    client = sign_in(alice)
    client.post("/accounts/logout/")
    login = AuditEvent.objects.get(action="auth.login")
    assert login.actor_id == alice.user.pk
    assert AuditEvent.objects.filter(action="auth.logout", actor=alice.user).exists()


def test_a_failed_login_is_audited_without_the_address(alice: Person) -> None:
    Client().post("/accounts/login/", {"login": alice.user.email, "password": "wrong password!"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_id is None
    assert event.outcome == "denied"
    assert alice.user.email not in str(event.details)


def test_a_wrong_code_is_audited_as_a_failed_login(alice: Person) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    client.post(
        "/accounts/2fa/authenticate/", {"code": "000000" if alice.code() != "000000" else "1"}
    )
    assert AuditEvent.objects.filter(action="auth.login_failed", details__step="mfa").exists()


def test_a_lockout_is_audited(alice: Person) -> None:
    attacker = Client()
    for _ in range(5):
        attacker.post(
            "/accounts/login/", {"login": alice.user.email, "password": "wrong password!"}
        )
    event = AuditEvent.objects.get(action="auth.lockout")
    assert event.object_id == str(alice.user.public_id)


def test_mfa_activation_and_codes_are_audited(
    newcomer: Person, django_capture_on_commit_callbacks: object, settings: Any
) -> None:
    # The callbacks run after the request here; allauth's notice e-mail needs one.
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = False
    client = sign_in(newcomer)
    response = client.get("/accounts/2fa/totp/activate/", follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    # allauth sends its MFA signals once the activation has committed.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post("/accounts/2fa/totp/activate/", {"code": code})
    actions = _actions()
    assert "mfa.activated" in actions
    assert "mfa.recovery_codes_generated" in actions


def test_session_end_deactivation_and_tokens_are_audited(
    alice: Person, make_person: object
) -> None:
    coordinator: Person = make_person("coord@hub.example")  # type: ignore[operator]
    sign_in(alice)
    end_user_session(UserSession.objects.get(user=alice.user), actor=alice.user)
    token, _raw = create_api_token(
        alice.user, name="sync", read_only=True, days=5, actor=alice.user
    )
    revoke_api_token(token, actor=alice.user)
    deactivate_user(alice.user, actor=coordinator.user)
    actions = _actions()
    for expected in ("session.ended", "token.created", "token.revoked", "user.deactivated"):
        assert expected in actions
    deactivated = AuditEvent.objects.get(action="user.deactivated")
    assert deactivated.actor_id == coordinator.user.pk
    assert deactivated.object_id == str(alice.user.public_id)
