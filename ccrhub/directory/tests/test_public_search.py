"""The public search at /public/directory/: a survivor looking for help, in English or
Spanish, without leaving a trace on the server or in the browser."""

import logging
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def names(response: Any) -> set[str]:
    services = response.context["services"]
    return {s.name for s in services}


def test_everything_is_listed_without_a_search_24_hour_help_first(client, directory) -> None:
    response = client.get("/public/directory/")
    assert response.status_code == 200
    assert len(names(response)) == 10
    assert response.context["services"][0].is_24_7


def test_the_shelter_shows_its_hotline_and_asks_to_call_for_the_location(client, directory) -> None:
    location = directory["locations"]["shelter"]
    location.address_1, location.city, location.postal_code = "7 Hidden Lane", "Riverbend", "55009"
    location.latitude, location.longitude = "44.123456", "-93.654321"
    location.save()
    html = client.get("/public/directory/").content.decode()
    assert "555-0100" in html and "Call for the location." in html
    for secret in ("7 Hidden Lane", "55009", "44.123456", "93.654321", "Safe Harbor shelter"):
        assert secret not in html
    assert str(location.public_id) not in html


def test_a_public_location_shows_its_address(client, directory) -> None:
    html = client.get("/public/directory/").content.decode()
    assert "120 Main Street" in html


def test_search_by_need_language_and_kind(client, directory) -> None:
    shelter_need = directory["terms"]["shelter"].public_id
    assert names(client.get("/public/directory/", {"need": shelter_need})) == {
        "Safe Harbor emergency shelter"
    }
    spanish = names(client.get("/public/directory/", {"language": "es"}))
    assert "Apoyo para sobrevivientes — Casa Luz" in spanish
    assert "Red Cedar talking circle" not in spanish
    culturally = names(client.get("/public/directory/", {"culturally_specific": "on"}))
    assert culturally == {
        "Apoyo para sobrevivientes — Casa Luz",
        "Red Cedar talking circle",
        "LGBTQ survivor support group",
    }
    community = names(client.get("/public/directory/", {"community_based": "on"}))
    assert "Interfaith safe congregations" in community
    assert "Sexual assault nurse examiners" not in community
    assert len(names(client.get("/public/directory/", {"area": "Riverbend County"}))) == 10


def test_open_now_and_around_the_clock(client, directory) -> None:
    always = names(client.get("/public/directory/", {"open_24_7": "on"}))
    assert always == {
        "Safe Harbor emergency shelter",
        "Safe Harbor 24-hour hotline",
        "Sexual assault nurse examiners",
    }
    sunday_night = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(sunday_night, tick=False):
        assert names(client.get("/public/directory/", {"open_now": "on"})) == always
    tuesday_evening = datetime(2026, 3, 3, 19, 0, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(tuesday_evening, tick=False):
        evening = names(client.get("/public/directory/", {"open_now": "on"}))
    assert evening == always | {"Red Cedar talking circle", "LGBTQ survivor support group"}


def test_the_spanish_search_speaks_spanish_and_finds_the_spanish_service(client, directory) -> None:
    response = client.get("/public/es/directory/", {"language": "es"})
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Buscar servicios" in html and "Llame para saber la dirección." in html
    assert "Refugio de emergencia" in html  # the need, in Spanish
    assert "Apoyo para sobrevivientes — Casa Luz" in names(response)
    # The link to English keeps the search.
    assert 'href="/public/directory/?language=es"' in html


def test_the_english_page_links_to_the_spanish_one(client, directory) -> None:
    html = client.get("/public/directory/").content.decode()
    assert 'href="/public/es/directory/"' in html and '<html lang="en"' in html


def test_no_cookies_no_store_nothing_from_elsewhere(client, directory, personas) -> None:
    client.force_login(personas.advocate)  # a session elsewhere is not touched
    response = client.get("/public/directory/", {"q": "shelter", "open_now": "on"})
    assert response.status_code == 200
    assert "Set-Cookie" not in str(response.serialize_headers())
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    # Nothing is loaded from elsewhere: every script, stylesheet and image is ours.
    # (The quick exit is a link away, not something loaded.)
    assert not re.search(r'src="(https?:)?//', html)
    assert all(href.startswith("/") for href in re.findall(r'<link[^>]*href="([^"]*)"', html))


def test_search_terms_are_neither_logged_nor_audited(client, directory, caplog) -> None:
    before = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        client.get("/public/directory/", {"q": "my-secret-words"})
        client.get("/public/directory/", {"q": "x" * 500})  # invalid: too long
    assert "my-secret-words" not in caplog.text
    assert AuditEvent.objects.count() == before


def test_free_text_finds_by_name(client, directory) -> None:
    assert names(client.get("/public/directory/", {"q": "protection order"})) == {
        "Protection order clinic"
    }


def test_the_printable_list_has_no_form(client, directory) -> None:
    response = client.get("/public/directory/", {"language": "es", "print": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "<form" not in html
    assert "Apoyo para sobrevivientes — Casa Luz" in html


def test_the_page_costs_a_fixed_number_of_queries(client, directory) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get("/public/directory/")
    assert len(queries) <= 12


def test_only_get_is_allowed(client, directory) -> None:
    assert client.post("/public/directory/").status_code == 405
