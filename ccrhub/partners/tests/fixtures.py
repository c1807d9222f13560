"""The personas of the test suite (STYLE.md) and clients signed in as them.

`personas` builds the demo county of `ccrhub.partners.demo` (without its extra
members), so tests tell stories about the same people the demo shows:

- coordinator — coordinates the Riverbend CCR, SART, high-risk team (MARAC) and
  death-review panel;
- agency_admin — police department admin in the CCR;
- police_officer — police Domestic Violence Unit; member of CCR, SART, MARAC;
- prosecutor, probation_officer — members of the CCR and MARAC (prosecutor in SART too);
- advocate — Riverbend Safe Harbor (the victim-service provider); advocate in CCR and MARAC;
- analyst — university evaluator; analyst in the CCR (aggregates only);
- community_member — community member in the CCR;
- outsider — coordinator of the neighbouring Lakeside County CCR, nothing in Riverbend;
- party_officer — a patrol officer of the same police department, member of the CCR,
  who is made a party to a case by the tests that need it.

Every persona has an active TOTP authenticator, so the MFA gate lets them through.

The county is built once per test session and committed to the test database (see
`SharedCounty`); each test still sees it as built, because its own transaction is
rolled back. A test that needs a database without it — one that seeds the demo
itself, or builds the personas under settings of its own — says so with
`@pytest.mark.fresh_database`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import override_settings

if TYPE_CHECKING:
    from django.test import Client
    from rest_framework.test import APIClient

    from ccrhub.accounts.models import User
    from ccrhub.partners.demo import County
    from ccrhub.partners.models import Agency, Collaborative, Unit


@dataclass
class Personas:
    county: County
    # people
    coordinator: User
    agency_admin: User
    police_officer: User
    prosecutor: User
    probation_officer: User
    advocate: User
    analyst: User
    community_member: User
    outsider: User
    party_officer: User
    # collaboratives
    ccr: Collaborative
    sart: Collaborative
    marac: Collaborative
    death_review: Collaborative
    neighbour_ccr: Collaborative
    # agencies and units
    coordinating_agency: Agency
    vsp: Agency
    police: Agency
    sheriff: Agency
    prosecutor_office: Agency
    court: Agency
    probation: Agency
    bip: Agency
    hospital: Agency
    neighbour_police: Agency
    dv_unit: Unit
    patrol_unit: Unit

    def agency(self, key: str) -> Agency:
        """Any agency of the demo county by its key in `demo.AGENCIES` (e.g. "latina")."""
        return self.county.agencies[key]

    def all_users(self) -> dict[str, User]:
        """Persona key → user, for walking a permission matrix."""
        return dict(self.county.users)

    @staticmethod
    def password(key: str) -> str:
        from ccrhub.accounts.demo import PERSONAS_BY_KEY

        return PERSONAS_BY_KEY[key].password

    @staticmethod
    def totp_secret(key: str) -> str:
        from ccrhub.accounts.demo import PERSONAS_BY_KEY

        return PERSONAS_BY_KEY[key].totp_secret


def personas_from(county: County) -> Personas:
    users, collabs, agencies = county.users, county.collaboratives, county.agencies
    return Personas(
        county=county,
        coordinator=users["coordinator"],
        agency_admin=users["agency_admin"],
        police_officer=users["police_officer"],
        prosecutor=users["prosecutor"],
        probation_officer=users["probation_officer"],
        advocate=users["advocate"],
        analyst=users["analyst"],
        community_member=users["community_member"],
        outsider=users["outsider"],
        party_officer=users["party_officer"],
        ccr=collabs["ccr"],
        sart=collabs["sart"],
        marac=collabs["marac"],
        death_review=collabs["death_review"],
        neighbour_ccr=collabs["neighbour_ccr"],
        coordinating_agency=agencies["coordination"],
        vsp=agencies["vsp"],
        police=agencies["police"],
        sheriff=agencies["sheriff"],
        prosecutor_office=agencies["prosecutor"],
        court=agencies["court"],
        probation=agencies["probation"],
        bip=agencies["bip"],
        hospital=agencies["hospital"],
        neighbour_police=agencies["lakeside_police"],
        dv_unit=county.units[("police", "Domestic Violence Unit")],
        patrol_unit=county.units[("police", "Patrol Division")],
    )


# What the function-scoped autouse fixtures of conftest.py set for every test, for a
# county built outside any test: persona passwords are checked with the test hasher.
TEST_BUILD_SETTINGS = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}


class SharedCounty:
    """The personas' county, committed to the test database once per test session.

    A test that asks for `personas` runs in its own transaction (pytest-django's `db`),
    so it sees the county as built and whatever it changes is rolled back; it gets its
    own copy of the rows' Python objects too, so an attribute one test sets never
    reaches the next. Transactional tests (live server, browser) flush the database
    when they end: the county is built again after each of them
    (`pytest_runtest_teardown` below).
    """

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._county: County | None = None

    def build(self) -> None:
        from ccrhub.partners.demo import build_county

        with self._blocker.unblock(), override_settings(**TEST_BUILD_SETTINGS):
            self._county = build_county(minimal=True)

    def build_again_if_flushed(self) -> None:
        from ccrhub.accounts.models import User

        if self._county is None:
            return
        with self._blocker.unblock():
            flushed = not User.objects.filter(pk=self._county.users["coordinator"].pk).exists()
        if flushed:
            self.build()

    def copy(self) -> County:
        assert self._county is not None, "the shared county is built before it is used"
        return copy.deepcopy(self._county)

    def delete(self) -> None:
        """Remove the county's rows (inside the caller's transaction, which restores them)."""
        from ccrhub.accounts.models import User
        from ccrhub.partners.models import Agency, Collaborative

        if self._county is None:
            return
        county = self._county
        Collaborative.objects.filter(pk__in=[c.pk for c in county.collaboratives.values()]).delete()
        User.objects.filter(pk__in=[u.pk for u in county.users.values()]).delete()
        Agency.objects.filter(pk__in=[a.pk for a in county.agencies.values()]).delete()


_shared_county: SharedCounty | None = None


@pytest.fixture(scope="session")
def shared_county(django_db_setup: None, django_db_blocker: Any) -> SharedCounty:
    """The session's county; tests take `personas`, which hands each its own copy."""
    global _shared_county
    _shared_county = SharedCounty(django_db_blocker)
    _shared_county.build()
    return _shared_county


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test without a transaction (and flushes after it)."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator:
    # The flush of a transactional test (in its teardown) took the county with it. After
    # the session's last test the database itself is gone, and nothing needs the county.
    result = yield
    if _shared_county is not None and nextitem is not None and is_transactional(item):
        _shared_county.build_again_if_flushed()
    return result


@pytest.fixture(autouse=True)
def _fresh_database_when_marked(request: pytest.FixtureRequest) -> None:
    """`@pytest.mark.fresh_database`: the test starts without the shared county."""
    if request.node.get_closest_marker("fresh_database") is None:
        return
    request.getfixturevalue("_django_db_helper")
    if _shared_county is not None:
        _shared_county.delete()


@pytest.fixture
def personas(request: pytest.FixtureRequest, shared_county: SharedCounty, db: None) -> Personas:
    from ccrhub.partners.demo import build_county

    if request.node.get_closest_marker("fresh_database") is not None:
        # Built inside the test, under the test's own settings, and rolled back with it.
        return personas_from(build_county(minimal=True))
    return personas_from(shared_county.copy())


@pytest.fixture
def client_as(db: None) -> Callable[[User], Client]:
    """`client_as(user)`: a fresh test client signed in as the user (MFA already set up)."""
    from django.test import Client

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_as(db: None) -> Callable[..., APIClient]:
    """`api_as(user, read_only=False)`: an API client sending a fresh personal token.

    The token row is on the client as `client.api_token`, the token as `client.token`.
    """
    from django.utils import timezone
    from rest_framework.test import APIClient

    from ccrhub.accounts.models import ApiToken
    from ccrhub.accounts.tokens import digest, new_token

    def make(user: User, read_only: bool = False) -> APIClient:
        token = new_token()
        row = ApiToken.objects.create(
            user=user,
            name="test",
            digest=digest(token),
            prefix=token[:8],
            read_only=read_only,
            expires_at=timezone.now() + timedelta(days=1),
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        client.api_token = row  # type: ignore[attr-defined]
        client.token = token  # type: ignore[attr-defined]
        return client

    return make
