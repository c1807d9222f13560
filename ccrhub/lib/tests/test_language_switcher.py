"""The signed-in chrome and the login page switch language through a POST form."""

import pytest
from django.test import Client
from django.urls import path

from ccrhub import urls as project_urls
from ccrhub.lib.navigation import set_language
from ccrhub.lib.policy import PUBLIC, policy_of

# The project's URLs with the switcher mounted where ccrhub/urls.py mounts it.
urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    *[p for p in project_urls.urlpatterns if getattr(p, "name", None) != "set_language"],
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_the_login_page_offers_spanish_and_switches_to_it() -> None:
    client = Client()
    login = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in login
    assert 'value="es" lang="es"' in login

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert '<html lang="es">' in client.get("/accounts/login/").content.decode()


def test_the_switcher_never_redirects_to_another_site() -> None:
    response = Client().post(
        "/i18n/setlang/", {"language": "es", "next": "https://elsewhere.example/"}
    )

    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


def test_the_switcher_needs_a_post_and_declares_its_policy() -> None:
    assert Client().get("/i18n/setlang/").status_code == 405
    assert policy_of(set_language) == PUBLIC
