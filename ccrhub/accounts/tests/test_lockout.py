"""Repeated failures lock sign-in for the account and the client; the owner is told (S16)."""

from django.core import mail
from django.test import Client, TestCase

from ccrhub.accounts.tests.conftest import PASSWORD, Person


def _fail(client: Client, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": "not my password!"})
    assert response.status_code == 200


def test_sixth_attempt_is_refused_even_with_the_right_password(
    alice: Person, mailoutbox: list[mail.EmailMessage]
) -> None:
    attacker = Client()
    for _ in range(5):
        _fail(attacker, alice.user.email)
    response = attacker.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, not the MFA step
    assert "too many" in response.content.decode().lower()


def test_the_lock_is_per_account_not_only_per_client(
    alice: Person, mailoutbox: list[mail.EmailMessage]
) -> None:
    for n in range(5):
        # Each attempt from a different address: the per-client limit never trips.
        _fail(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), alice.user.email)
    alice_herself = Client(REMOTE_ADDR="198.51.100.7")
    response = alice_herself.post(
        "/accounts/login/", {"login": alice.user.email, "password": PASSWORD}
    )
    assert response.status_code == 200


def test_alice_is_told_once_that_her_account_is_locked(
    alice: Person, mailoutbox: list[mail.EmailMessage]
) -> None:
    attacker = Client()
    for _ in range(4):
        _fail(attacker, alice.user.email)
    assert mailoutbox == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        _fail(attacker, alice.user.email)
        for _ in range(3):
            _fail(attacker, alice.user.email)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [alice.user.email]
    assert "paused" in mailoutbox[0].subject.lower()


def test_an_unknown_address_sends_no_lockout_mail(
    db: None, mailoutbox: list[mail.EmailMessage]
) -> None:
    attacker = Client()
    for _ in range(6):
        _fail(attacker, "nobody@nowhere.example")
    assert mailoutbox == []


def test_guessing_codes_locks_the_mfa_step_and_tells_alice(
    alice: Person, mailoutbox: list[mail.EmailMessage]
) -> None:
    thief = Client()
    thief.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    wrong = [
        c
        for c in ("000000", "111111", "222222", "333333", "444444", "555555", "666666")
        if c != alice.code()
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for code in wrong[:5]:
            thief.post("/accounts/2fa/authenticate/", {"code": code})
    response = thief.post("/accounts/2fa/authenticate/", {"code": alice.code()})
    assert response.status_code == 200
    assert thief.get("/").status_code == 302
    assert len(mailoutbox) == 1


def test_client_ip_comes_only_from_the_trusted_proxy_hop(settings: object) -> None:
    from allauth import app_settings
    from django.test import RequestFactory

    from ccrhub.accounts.adapters import AccountAdapter

    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert AccountAdapter(request).get_client_ip(request) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    assert app_settings.TRUSTED_PROXY_COUNT == 1
    # The address our own proxy saw, not the one the client claims.
    assert AccountAdapter(request).get_client_ip(request) == "203.0.113.9"
