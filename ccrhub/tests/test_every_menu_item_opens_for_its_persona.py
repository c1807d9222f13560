"""No persona is offered a menu item that refuses them: every link of every persona's
navigation opens (200), because each entry's visibility is its page's own `requires`."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from ccrhub.lib.navigation import NavLink, navigation_for

pytestmark = pytest.mark.django_db


def followable(links: list[NavLink]) -> list[NavLink]:
    """Every page link of the menus (sections open their children; sign-out is a form)."""
    flat: list[NavLink] = []
    for link in links:
        flat.extend(followable(list(link.children)) if link.children else [link])
    return [link for link in flat if link.method == "get"]


def menu_of(user: object) -> list[NavLink]:
    request = RequestFactory().get(reverse("dashboard"))
    request.user = user  # type: ignore[attr-defined]
    request.resolver_match = resolve(reverse("dashboard"))
    navigation = navigation_for(request)  # type: ignore[arg-type]
    return followable(navigation.primary + navigation.secondary)


def test_every_persona_can_open_every_item_of_its_menu(personas, client_as) -> None:
    refused = []
    for key, user in personas.all_users().items():
        client = client_as(user)
        for link in menu_of(user):
            status = client.get(link.url).status_code
            if status != 200:
                refused.append((key, str(link.label), link.url, status))
    assert not refused, "\n".join(map(str, refused))


def test_the_outsider_and_the_party_officer_are_not_offered_high_risk_conferences(personas) -> None:
    for user in (personas.outsider, personas.party_officer):
        urls = {link.url for link in menu_of(user)}
        assert reverse("highrisk:conference-list") not in urls
