"""People and helpers for the account-security stories.

- `alice`: a member with a password and an authenticator app (the usual case);
- `newcomer`: has a password but has not set up her authenticator app yet;
- `signed_in`: a browser in which Alice has fully signed in (password and code).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client

from ccrhub.accounts.models import User

PASSWORD = "correct horse battery staple"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@dataclass
class Person:
    user: User
    secret: str | None

    def code(self, offset: int = 0) -> str:
        """The authenticator app's current code (or the one `offset` periods away)."""
        assert self.secret is not None
        return format_hotp_value(hotp_value(self.secret, int(time.time()) // 30 + offset))


@pytest.fixture
def make_person(db: None) -> Callable[..., Person]:
    def make(email: str, *, mfa: bool = True, **extra: object) -> Person:
        user = User.objects.create_user(email=email, password=PASSWORD, **extra)
        secret = None
        if mfa:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        return Person(user=user, secret=secret)

    return make


@pytest.fixture
def alice(make_person: Callable[..., Person]) -> Person:
    return make_person("alice@police.example", full_name="Alice Member")


@pytest.fixture
def newcomer(make_person: Callable[..., Person]) -> Person:
    return make_person("nora@court.example", mfa=False)


def sign_in(person: Person, *, user_agent: str = FIREFOX, client: Client | None = None) -> Client:
    """Sign in through the real allauth pages: password, then the app's code."""
    client = client or Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/accounts/login/", {"login": person.user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if person.secret is not None:
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": person.code()})
        assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def signed_in(alice: Person) -> Client:
    return sign_in(alice)
