"""A survivor searches the directory in Spanish on a phone, in a real browser: nothing
is asked of another website, no cookie is kept, the page is accessible, and the
shelter is shown with its hotline and without its address."""

from typing import Any

import pytest

from ccrhub.lib.tests.browser import MOBILE, assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_the_spanish_search_on_a_phone(page: Any, browser_server: Any, directory: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size(MOBILE)

    page.goto(browser_server.url + "/public/es/directory/")
    assert page.locator("h1").inner_text() == "Buscar servicios"
    page.get_by_label("Idioma que se habla").select_option("es")
    # USWDS draws the box on the label; the input itself is off-screen.
    page.locator("label[for=id_open_24_7]").click()
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url("**/public/es/directory/?*")

    results = page.locator("[data-service]")
    assert results.count() == 2  # the shelter and the hotline: 24/7, Spanish spoken
    shelter = page.locator(f'[data-service="{directory["services"]["shelter"].public_id}"]')
    text = shelter.inner_text()
    assert "555-0100" in text and "Llame para saber la dirección." in text
    assert "Safe Harbor shelter" not in page.content()

    assert_accessible(page)
    path = screenshot(page, "directory-public-search-es-mobile")
    assert path.exists()

    page.get_by_role("link", name="Lista para imprimir").click()
    assert page.locator("form[role=search]").count() == 0
    assert_accessible(page)

    assert requested and all(url.startswith(browser_server.url) for url in requested), requested
    assert page.context.cookies() == []


def test_the_english_search_finds_community_based_support(
    page: Any, browser_server: Any, directory: Any
) -> None:
    page.goto(browser_server.url + "/public/directory/")
    page.locator("label[for=id_community_based]").click()
    page.get_by_role("button", name="Search").click()
    names = page.locator("[data-service] h3").all_inner_texts()
    assert "Interfaith safe congregations" in names
    assert "Sexual assault nurse examiners" not in names
    assert_accessible(page)
    screenshot(page, "directory-public-search-en")
