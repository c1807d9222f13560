"""Personal API tokens (API.md, Auth): hashed, expiring, revocable, optionally read-only."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from ccrhub.accounts.actions import create_api_token, revoke_api_token
from ccrhub.accounts.models import ApiToken
from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in
from ccrhub.accounts.tokens import digest


def _me(raw: str, method: str = "get", **data: object) -> int:
    client = Client()
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "patch":
        kwargs["content_type"] = "application/json"
        return int(call("/api/v1/me", data, **kwargs).status_code)
    return int(call("/api/v1/me", **kwargs).status_code)


def test_only_the_digest_is_stored(alice: Person) -> None:
    token, raw = create_api_token(alice.user, name="sync", read_only=False, days=30, actor=None)
    assert token.digest == digest(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert raw.startswith(token.prefix)


def test_a_token_works(alice: Person) -> None:
    _token, raw = create_api_token(alice.user, name="sync", read_only=False, days=30, actor=None)
    assert _me(raw) == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer ccr_forgedforgedforgedforgedforgedforgedforged", "Bearer ", "Token abc", "Bearer x"],
)
def test_forged_tokens_get_401(header: str, db: None) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_no_token_gets_401(db: None) -> None:
    assert Client().get("/api/v1/me").status_code == 401


def test_expired_token_gets_401(alice: Person) -> None:
    token, raw = create_api_token(alice.user, name="sync", read_only=False, days=1, actor=None)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(raw) == 401


def test_revoked_token_gets_401(alice: Person) -> None:
    token, raw = create_api_token(alice.user, name="sync", read_only=False, days=30, actor=None)
    revoke_api_token(token, actor=alice.user)
    assert _me(raw) == 401


def test_read_only_token_reads_but_cannot_write(alice: Person) -> None:
    _token, raw = create_api_token(alice.user, name="report", read_only=True, days=30, actor=None)
    assert _me(raw) == 200
    assert _me(raw, "patch", full_name="Changed") == 403
    alice.user.refresh_from_db()
    assert alice.user.full_name == "Alice Member"


def test_read_only_token_post_gets_403(alice: Person) -> None:
    _token, raw = create_api_token(alice.user, name="report", read_only=True, days=30, actor=None)
    response = Client().post(
        "/api/v1/me", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("days", [0, 366, -5])
def test_token_lifetime_is_bounded(alice: Person, days: int) -> None:
    with pytest.raises(ValidationError):
        create_api_token(alice.user, name="x", read_only=True, days=days, actor=None)


def test_default_lifetime_is_90_days(alice: Person) -> None:
    token, _ = create_api_token(alice.user, name="x", read_only=True, days=None, actor=None)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_creating_a_token_in_settings_needs_a_fresh_password(alice: Person) -> None:
    client = sign_in(alice)
    response = client.post(
        "/settings/tokens/new", {"name": "nightly", "days": 30, "read_only": "on"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not ApiToken.objects.exists()
    # After confirming, the suspended request goes through and the token is shown once.
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    token = ApiToken.objects.get(user=alice.user)
    assert token.read_only and token.name == "nightly"
    page = response.content.decode()
    assert token.prefix in page
    raw = response.context["raw"]
    assert digest(raw) == token.digest
    assert raw not in client.get("/settings/tokens/").content.decode()


def test_alice_revokes_her_token(alice: Person) -> None:
    token, raw = create_api_token(alice.user, name="sync", read_only=False, days=30, actor=None)
    client = sign_in(alice)
    assert client.post(f"/settings/tokens/{token.public_id}/revoke").status_code == 302
    assert _me(raw) == 401


def test_nobody_revokes_someone_elses_token(alice: Person, make_person: object) -> None:
    bob: Person = make_person("bob@court.example")  # type: ignore[operator]
    token, raw = create_api_token(bob.user, name="sync", read_only=False, days=30, actor=None)
    client = sign_in(alice)
    assert client.post(f"/settings/tokens/{token.public_id}/revoke").status_code == 404
    assert _me(raw) == 200


def test_command_prints_the_token_and_nothing_else(alice: Person) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_token",
        "--email",
        alice.user.email,
        "--read-only",
        "--days",
        "7",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    assert "\n" not in raw and raw.startswith("ccr_")
    token = ApiToken.objects.get(digest=digest(raw))
    assert token.read_only
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert raw not in err.getvalue()


def test_command_refuses_an_unknown_address(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "--email", "ghost@nowhere.example", stdout=io.StringIO())
