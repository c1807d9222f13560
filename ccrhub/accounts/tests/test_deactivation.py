"""Deactivating someone cuts them off on their very next request (S7)."""

from django.test import Client

from ccrhub.accounts.actions import create_api_token, deactivate_user
from ccrhub.accounts.models import ApiToken, UserSession
from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in


def test_deactivated_user_is_signed_out_and_their_token_refused(
    alice: Person, make_person: object
) -> None:
    admin: Person = make_person("coord@hub.example")  # type: ignore[operator]
    browser = sign_in(alice)
    _token, raw = create_api_token(
        alice.user, name="sync", read_only=False, days=30, actor=alice.user
    )
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    deactivate_user(alice.user, actor=admin.user)

    assert browser.get("/")["Location"].startswith("/accounts/login/")
    assert browser.get("/api/v1/me").status_code in (401, 403)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not UserSession.objects.filter(user=alice.user).exists()
    assert not ApiToken.objects.filter(user=alice.user, revoked_at__isnull=True).exists()


def test_deactivated_user_cannot_sign_in(alice: Person) -> None:
    deactivate_user(alice.user, actor=None)
    client = Client()
    client.post("/accounts/login/", {"login": alice.user.email, "password": PASSWORD})
    assert client.get("/").status_code == 302
