"""The page on the quick exit's limits and on browsing more safely."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_safety_page_states_what_the_quick_exit_cannot_do(client: Client) -> None:
    response = client.get(reverse("public:safety"))
    body = response.content.decode()

    assert response.status_code == 200
    assert "<h1>How to browse more safely</h1>" in body
    assert "It does not delete your browsing history" in body
    assert "private or incognito window" in body
    assert "data-quick-exit" in body
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_the_home_page_links_to_the_safety_page(client: Client) -> None:
    body = client.get(reverse("public:home")).content.decode()

    assert f'href="{reverse("public:safety")}"' in body
