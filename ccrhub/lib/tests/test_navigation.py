"""The signed-in navigation shows the pages the user could use; each entry names a page
that exists."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from ccrhub.accounts.models import User
from ccrhub.lib import navigation
from ccrhub.lib.navigation import NavEntry, navigation_for
from ccrhub.partners.models import Collaborative, Representative, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def member() -> User:
    user = User.objects.create_user("member@example.org", "a long passphrase 1")
    TOTP.activate(user, generate_totp_secret())
    return user


def request_by(user: object, path: str = "/") -> object:
    request = RequestFactory().get(path)
    request.user = user  # type: ignore[attr-defined]
    request.resolver_match = resolve(path)
    return request


def labels(links: list[navigation.NavLink]) -> list[str]:
    return [str(link.label) for link in links]


def test_signed_out_visitors_get_no_navigation() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not navigation_for(request_by(AnonymousUser()))  # type: ignore[arg-type]


def test_every_entry_names_a_page_that_exists() -> None:
    for entry in navigation.NAVIGATION:
        assert reverse(entry.url_name)


def test_an_entry_naming_no_page_fails_rather_than_vanishing(
    member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        navigation,
        "NAVIGATION",
        [NavEntry("Dashboard", "dashboard"), NavEntry("Not built", "nowhere:thing-list")],
    )
    with pytest.raises(NoReverseMatch):
        navigation_for(request_by(member))  # type: ignore[arg-type]


def test_entries_needing_a_permission_show_only_to_roles_that_hold_it(
    member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        navigation,
        "NAVIGATION",
        [NavEntry("Dashboard", "dashboard"), NavEntry("Survivors", "survivors:survivor-list")],
    )
    assert labels(navigation_for(request_by(member)).primary) == ["Dashboard"]  # type: ignore[arg-type]

    county = Collaborative.objects.create(name="Elm County CCR", kind="ccr")
    Representative.objects.create(collaborative=county, user=member, role=Role.ADVOCATE)
    member = User.objects.get(pk=member.pk)  # roles are cached per user object

    assert labels(navigation_for(request_by(member)).primary) == ["Dashboard", "Survivors"]  # type: ignore[arg-type]


def test_the_current_section_is_marked(member: User) -> None:
    nav = navigation_for(request_by(member, reverse("dashboard")))  # type: ignore[arg-type]
    dashboard = next(link for link in nav.primary if link.url == reverse("dashboard"))

    assert dashboard.current


def test_the_signed_in_layout_has_labelled_navigation_and_a_sign_out_form(member: User) -> None:
    client = Client()
    client.force_login(member)
    body = client.get(reverse("dashboard")).content.decode()

    assert body.index('class="usa-skipnav"') < body.index("<header")
    assert '<nav aria-label="Main navigation"' in body
    assert '<main id="main-content"' in body
    assert "<footer" in body
    assert f'<form method="post" action="{reverse("account_logout")}"' in body
    assert 'aria-current="page"' in body


@pytest.mark.django_db
def test_only_the_deepest_section_is_highlighted(personas, client_as) -> None:
    page = client_as(personas.coordinator).get("/partners/avenue/new").content.decode()
    assert page.count('aria-current="page"') == 1


def test_a_section_with_several_pages_is_one_menu_and_with_one_page_a_link(
    member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        navigation,
        "NAVIGATION",
        [
            NavEntry("Dashboard", "dashboard"),
            NavEntry("Sessions", "accounts:sessions", group="Account"),
            NavEntry("Tokens", "accounts:tokens", group="Account"),
            NavEntry("Cases", "cases:case-list", group="Tracking"),
            NavEntry("Imports", "imports:import-list", group="Tracking"),
        ],
    )
    nav = navigation_for(request_by(member, reverse("accounts:tokens")))  # type: ignore[arg-type]

    # No role in a collaborative: "Tracking" has nothing to show and is left out.
    assert labels(nav.primary) == ["Dashboard", "Account"]
    account = nav.primary[1]
    assert labels(list(account.children)) == ["Sessions", "Tokens"]
    assert account.current and [c.current for c in account.children] == [False, True]


def test_the_menus_render_as_uswds_submenus(personas, client_as) -> None:
    body = client_as(personas.coordinator).get(reverse("dashboard")).content.decode()
    assert 'class="usa-accordion__button usa-nav__link"' in body
    assert 'class="usa-nav__submenu"' in body
    assert reverse("imports:import-list") in body
