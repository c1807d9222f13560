"""S27: every page carries the security headers; authenticated and public pages are never stored."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ccrhub.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in() -> Client:
    """A coordinator-to-be who has set up two-factor authentication, signed in."""
    user = User.objects.create_user("headers@example.org", "a long passphrase 1")
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def pages(signed_in: Client) -> dict[str, tuple[Client, str]]:
    return {
        "public": (Client(), reverse("public:home")),
        "login": (Client(), reverse("account_login")),
        "authenticated": (signed_in, reverse("dashboard")),
    }


@pytest.mark.parametrize("kind", ["public", "login", "authenticated"])
def test_every_kind_of_page_carries_the_security_headers(signed_in: Client, kind: str) -> None:
    client, url = pages(signed_in)[kind]
    response = client.get(url)

    assert response.status_code == 200
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["public", "login", "authenticated"])
def test_the_content_security_policy_is_strict(signed_in: Client, kind: str) -> None:
    client, url = pages(signed_in)[kind]
    policy = client.get(url)["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, _, value = directive.partition(" ")
        directives[name] = value

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    # No service worker can be registered, on the public pages above all (S26).
    assert directives["worker-src"] == "'none'"


def test_public_pages_send_no_referrer_while_private_ones_stay_same_origin(
    signed_in: Client,
) -> None:
    assert Client().get(reverse("public:home"))["Referrer-Policy"] == "no-referrer"
    assert signed_in.get(reverse("dashboard"))["Referrer-Policy"] == "same-origin"


def test_a_signed_in_visitor_to_the_public_area_gets_no_cookie_back(signed_in: Client) -> None:
    # The session is touched on every request (idle timeout); the public area must
    # still not refresh or set any cookie.
    response = signed_in.get(reverse("public:home"))

    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_error_pages_carry_the_headers_too() -> None:
    response = Client().get("/public/no-such-page/")

    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
