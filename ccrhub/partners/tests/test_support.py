"""A small county for the partners tests, built from plain factories.

Riverbend CCR: the Safe Harbor advocacy program (coordinating), the police department
and the prosecutor's office are members. Lakeside SART belongs to an outsider. The
people: a coordinator, a police agency admin, two police officers (one with a role,
one without), a prosecutor, an analyst without an agency, and the outsider.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from ccrhub.accounts.models import User
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    Representative,
)

_counter = itertools.count(1)


def make_user(*, agency: Agency | None = None, name: str = "", mfa: bool = True) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        f"person{n}@example.org",
        "a long test password",
        full_name=name or f"Person {n}",
        agency=agency,
    )
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_agency(
    name: str, *, sector: str, regime: str = "criminal_justice", **extra: Any
) -> Agency:
    return Agency.objects.create(
        name=name, short_code=f"a{next(_counter)}", sector=sector, regime=regime, **extra
    )


def make_collaborative(
    name: str, *, kind: str = "ccr", agencies: list[Agency] = (), **extra: Any
) -> Collaborative:  # type: ignore[assignment]
    collaborative = Collaborative.objects.create(name=name, kind=kind, **extra)
    for agency in agencies:
        AgencyMembership.objects.create(collaborative=collaborative, agency=agency)
    return collaborative


def give_role(user: User, collaborative: Collaborative, role: str) -> Representative:
    return Representative.objects.create(collaborative=collaborative, user=user, role=role)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reauthenticate(client: Client) -> Client:
    """Confirm the password again, as role changes ask (a recent login)."""
    response = client.post("/accounts/reauthenticate/", {"password": "a long test password"})
    assert response.status_code == 302, response.content
    return client


@dataclass
class County:
    ccr: Collaborative
    sart: Collaborative
    advocacy: Agency
    police: Agency
    prosecution: Agency
    lakeside: Agency
    coordinator: User
    police_admin: User
    officer: User
    new_officer: User
    prosecutor: User
    analyst: User
    outsider: User


def build_county() -> County:
    advocacy = make_agency("Safe Harbor", sector="advocacy", regime="vsp", communities=["Latino"])
    police = make_agency("Riverbend Police", sector="law_enforcement")
    prosecution = make_agency("District Attorney", sector="prosecution")
    lakeside = make_agency("Lakeside Police", sector="law_enforcement")
    ccr = make_collaborative(
        "Riverbend CCR",
        agencies=[advocacy, police, prosecution],
        communities_served=["Latino", "Deaf"],
    )
    sart = make_collaborative("Lakeside SART", kind="sart", agencies=[lakeside])
    county = County(
        ccr=ccr,
        sart=sart,
        advocacy=advocacy,
        police=police,
        prosecution=prosecution,
        lakeside=lakeside,
        coordinator=make_user(agency=advocacy, name="Cora Coordinator"),
        police_admin=make_user(agency=police, name="Alba Admin"),
        officer=make_user(agency=police, name="Owen Officer"),
        new_officer=make_user(agency=police, name="Nina Newcomer"),
        prosecutor=make_user(agency=prosecution, name="Pat Prosecutor"),
        analyst=make_user(name="Ann Analyst"),
        outsider=make_user(agency=lakeside, name="Oscar Outsider"),
    )
    give_role(county.coordinator, ccr, "coordinator")
    give_role(county.police_admin, ccr, "agency_admin")
    give_role(county.officer, ccr, "member")
    give_role(county.prosecutor, ccr, "member")
    give_role(county.analyst, ccr, "analyst")
    give_role(county.outsider, sart, "coordinator")
    return county


# Queries every signed-in page makes before the view runs: 1 the session, 2 the user,
# 3 the user's session record (session list), 4 the user's roles (active_roles, for
# the idle timeout and then cached for the view), 5 the MFA authenticator check.
PAGE_OVERHEAD_QUERIES = 5
