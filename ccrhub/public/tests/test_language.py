"""The public area speaks Spanish at /public/es/: chosen by the address, never a cookie."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_spanish_home_is_in_spanish(client: Client) -> None:
    response = client.get(reverse("public:home", kwargs={"lang": "es"}))
    body = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="es">' in body
    assert "<h1>Ayuda e información</h1>" in body
    assert "Salir de esta página" in body
    assert response["Content-Language"] == "es"
    assert not response.cookies


def test_the_spanish_safety_page_is_in_spanish(client: Client) -> None:
    body = client.get(reverse("public:safety", kwargs={"lang": "es"})).content.decode()

    assert "<h1>Cómo navegar de forma más segura</h1>" in body
    assert f'href="{reverse("public:home", kwargs={"lang": "es"})}"' in body


def test_each_page_links_to_itself_in_the_other_language(client: Client) -> None:
    english = client.get(reverse("public:safety")).content.decode()
    spanish = client.get(reverse("public:safety", kwargs={"lang": "es"})).content.decode()

    assert f'href="{reverse("public:safety", kwargs={"lang": "es"})}" lang="es"' in english
    assert f'href="{reverse("public:safety")}" lang="en"' in spanish


def test_the_browser_language_or_a_language_cookie_do_not_change_the_public_pages(
    client: Client,
) -> None:
    client.cookies["django_language"] = "es"
    response = client.get(reverse("public:home"), headers={"accept-language": "es"})
    body = response.content.decode()

    assert '<html lang="en">' in body
    assert "<h1>Help and information</h1>" in body
    assert response["Content-Language"] == "en"


def test_an_unknown_language_prefix_is_not_found(client: Client) -> None:
    assert client.get("/public/fr/").status_code == 404
