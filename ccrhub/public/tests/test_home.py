"""The public home: help and information that leaves no trace (S26)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from ccrhub.accounts.models import User
from ccrhub.lib.policy import PUBLIC, policy_of
from ccrhub.public import views

pytestmark = pytest.mark.django_db


def body_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_a_visitor_finds_the_hotline_and_the_emergency_number(client: Client) -> None:
    response = client.get(reverse("public:home"))
    body = body_of(response)

    assert response.status_code == 200
    assert "<h1>Help and information</h1>" in body
    assert 'href="tel:+18007997233"' in body
    assert "Call 911." in body


def test_in_uk_mode_the_numbers_are_the_uk_ones(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JURISDICTION = "uk"
    body = body_of(client.get(reverse("public:home")))

    assert "0808 2000 247" in body
    assert "Call 999." in body


def test_the_quick_exit_comes_first_and_works_without_javascript(
    client: Client,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.QUICK_EXIT_URL = "https://neutral.example/weather"
    body = body_of(client.get(reverse("public:home")))
    after_body = body.split("<body", 1)[1]
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", after_body)

    assert first_focusable is not None
    tag = first_focusable.group(0)
    assert "data-quick-exit" in tag
    assert 'href="https://neutral.example/weather"' in tag
    assert 'rel="noreferrer"' in tag
    assert "Exit this page" in body
    # Its limits are stated beside it.
    assert "does not clear your browsing history" in body


def test_the_public_home_loads_nothing_from_other_websites(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.QUICK_EXIT_URL = "https://neutral.example/weather"
    body = body_of(client.get(reverse("public:home")))
    sources = re.findall(r'\b(?:src|href)="([^"]*)"', body)

    external = [
        s for s in sources if not s.startswith(("/", "#", "tel:")) and s != settings.QUICK_EXIT_URL
    ]
    assert sources  # the page does load its own styles and script
    assert external == []
    assert "serviceWorker" not in body


def test_a_signed_in_person_sees_nothing_of_their_account_on_the_public_page(
    client: Client,
) -> None:
    user = User.objects.create_user("advocate@example.org", "a long passphrase 1")
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    response = client.get(reverse("public:home"))
    body = body_of(response)

    assert response.status_code == 200
    assert "advocate@example.org" not in body
    assert "csrfmiddlewaretoken" not in body
    assert "<form" not in body
    assert f'href="{reverse("dashboard")}"' not in body
    assert not response.cookies


def test_the_public_home_is_never_stored_and_sets_no_cookie(client: Client) -> None:
    response = client.get(reverse("public:home"))

    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_a_neutral_title_can_be_configured(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    assert "<title>Help and information</title>" in body_of(client.get(reverse("public:home")))

    settings.PUBLIC_NEUTRAL_TITLE = True
    body = body_of(client.get(reverse("public:home")))

    assert "<title>Information</title>" in body


@pytest.mark.django_db
def test_the_home_page_links_to_the_public_pages_of_other_areas(client: Client) -> None:
    body = body_of(client.get(reverse("public:home")))

    assert f'href="{reverse("public:directory-search")}"' in body
    assert f'href="{reverse("public:report")}"' in body


def test_the_public_views_declare_the_public_policy() -> None:
    assert policy_of(views.home) == PUBLIC
    assert policy_of(views.safety) == PUBLIC


@pytest.mark.django_db
def test_the_spanish_home_links_to_the_spanish_directory(client) -> None:
    assert 'href="/public/es/directory/"' in client.get("/public/es/").content.decode()
    assert 'href="/public/directory/"' in client.get("/public/").content.decode()
