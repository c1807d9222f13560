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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

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


@pytest.fixture
def personas(db: None) -> Personas:
    from ccrhub.partners.demo import build_county

    return personas_from(build_county(minimal=True))


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
