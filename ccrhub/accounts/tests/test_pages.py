"""The account pages render in the site's layout (allauth's templates are overridden)."""

import io
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ccrhub.accounts.models import UserSession
from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/signup/",
    ],
)
def test_anonymous_pages_render(path: str, db: None) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert b"usa-" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/password/change/",
        "/accounts/logout/",
        "/settings/sessions/",
        "/settings/tokens/",
    ],
)
def test_signed_in_pages_render(path: str, alice: Person) -> None:
    RecoveryCodes.activate(alice.user)
    client = sign_in(alice)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get(path)
    assert response.status_code == 200, path
    assert b"usa-" in response.content


def test_clear_ended_sessions_removes_dead_rows(alice: Person) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(alice)
        traveller.shift(timedelta(minutes=45))
        call_command("clear_ended_sessions", stdout=io.StringIO())
    assert not UserSession.objects.exists()
