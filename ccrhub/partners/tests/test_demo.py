"""The demo county: seed_demo, demo_personas, and the personas fixture built from it."""

import io
import json
import time
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from ccrhub.accounts.demo import EXTRA_MEMBERS, PERSONA_KEYS, PERSONAS, PERSONAS_BY_KEY
from ccrhub.accounts.models import User
from ccrhub.partners.demo import AGENCIES, COLLABORATIVES, build_county
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    Regime,
    Representative,
    Role,
    Sector,
    Unit,
)

pytestmark = pytest.mark.django_db

LOGIN_KEYS = {"key", "email", "password", "agency", "collaboratives", "totp_secret"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    """Everything about the county that should not change between two runs."""
    return {
        "collaboratives": sorted(
            Collaborative.objects.values_list("name", "kind", "area", "communities_served")
        ),
        "agencies": sorted(
            Agency.objects.values_list("name", "short_code", "sector", "regime", "communities")
        ),
        "units": sorted(Unit.objects.values_list("agency__short_code", "name")),
        "memberships": sorted(
            AgencyMembership.objects.values_list("collaborative__name", "agency__short_code")
        ),
        "users": sorted(User.objects.values_list("email", "full_name", "agency__short_code")),
        "roles": sorted(
            Representative.objects.values_list("collaborative__name", "user__email", "role")
        ),
    }


def seeded_snapshot() -> dict[str, Any]:
    """Seed an empty database, snapshot it, and roll it all back (the audit trail
    of the demo's cases cannot be deleted, only never written)."""
    with transaction.atomic():
        run("seed_demo")
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def current_code(secret: str) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


# --- seed_demo -------------------------------------------------------------------------


@pytest.mark.fresh_database
def test_seed_demo_builds_the_same_county_every_time(settings: Any) -> None:
    settings.DEBUG = True
    first = seeded_snapshot()
    assert Collaborative.objects.count() == 0
    assert seeded_snapshot() == first
    # The county of the data, with the personas and the ordinary members.
    assert [name for name, *_ in first["collaboratives"]] == sorted(
        spec.name for spec in COLLABORATIVES
    )
    assert {code for _, code, *_ in first["agencies"]} == {
        spec.key.replace("_", "-") for spec in AGENCIES
    }
    names = {full_name for _, full_name, _ in first["users"]}
    assert {p.full_name for p in PERSONAS} | {name for _, name, _ in EXTRA_MEMBERS} == names


@pytest.mark.fresh_database
def test_seed_demo_refuses_to_run_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("seed_demo")
    assert not Collaborative.objects.exists()
    assert not User.objects.exists()


@pytest.mark.fresh_database
def test_seed_demo_if_empty_leaves_an_existing_database_alone(settings: Any) -> None:
    settings.DEBUG = True
    Collaborative.objects.create(name="Somewhere Else CCR", kind="ccr")

    out = run("seed_demo", "--if-empty")

    assert "not loaded" in out
    assert Collaborative.objects.count() == 1
    assert not Agency.objects.exists()


@pytest.mark.fresh_database
def test_seed_demo_without_if_empty_refuses_a_database_that_has_collaboratives(
    settings: Any,
) -> None:
    settings.DEBUG = True
    Collaborative.objects.create(name="Somewhere Else CCR", kind="ccr")
    with pytest.raises(CommandError, match="--if-empty"):
        run("seed_demo")
    assert Collaborative.objects.count() == 1


@pytest.mark.fresh_database
def test_seed_demo_if_empty_loads_an_empty_database(settings: Any) -> None:
    settings.DEBUG = True
    run("seed_demo", "--if-empty")
    assert set(Collaborative.objects.values_list("name", flat=True)) == {
        spec.name for spec in COLLABORATIVES
    }


# --- the county as the demo tells it -----------------------------------------------------


def test_the_demo_ccr_has_the_key_sectors_but_no_health_care(personas: Any) -> None:
    sectors = set(
        AgencyMembership.objects.filter(collaborative=personas.ccr).values_list(
            "agency__sector", flat=True
        )
    )
    assert {
        Sector.ADVOCACY,
        Sector.LAW_ENFORCEMENT,
        Sector.PROSECUTION,
        Sector.COURTS,
        Sector.PROBATION,
        Sector.BIP,
        Sector.CULTURALLY_SPECIFIC,
    } <= sectors
    assert not sectors & {Sector.HEALTH, Sector.MENTAL_HEALTH, Sector.PUBLIC_HEALTH}
    # …while the SART does have its core four, health care included.
    sart_sectors = set(
        AgencyMembership.objects.filter(collaborative=personas.sart).values_list(
            "agency__sector", flat=True
        )
    )
    assert {Sector.ADVOCACY, Sector.LAW_ENFORCEMENT, Sector.HEALTH, Sector.PROSECUTION} <= (
        sart_sectors
    )


def test_culturally_specific_agencies_name_the_communities_they_serve(personas: Any) -> None:
    communities = {
        c
        for agency in Agency.objects.filter(memberships__collaborative=personas.ccr)
        for c in agency.communities
    }
    assert {"Latino", "Deaf", "LGBTQ", "Indigenous"} <= communities
    assert {"Latino", "Deaf", "LGBTQ", "Indigenous"} <= set(personas.ccr.communities_served)
    # One community the CCR serves has no agency of its own: a gap the demo can show.
    assert set(personas.ccr.communities_served) - communities == {"Asian American"}
    for agency in Agency.objects.filter(sector=Sector.CULTURALLY_SPECIFIC):
        assert agency.communities, agency.name


def test_agencies_carry_the_regime_their_data_lives_under(personas: Any) -> None:
    assert personas.vsp.regime == Regime.VSP
    assert personas.coordinating_agency.regime == Regime.COORDINATING
    assert personas.police.regime == Regime.CRIMINAL_JUSTICE
    assert personas.prosecutor_office.regime == Regime.CRIMINAL_JUSTICE
    assert personas.hospital.regime == Regime.HEALTH
    assert personas.agency("child_welfare").regime == Regime.CHILD_WELFARE
    assert personas.agency("latina").regime == Regime.VSP


def test_each_persona_holds_the_roles_of_their_story(personas: Any) -> None:
    def roles(user: User) -> dict[str, str]:
        return dict(
            Representative.objects.filter(user=user, is_active=True).values_list(
                "collaborative__name", "role"
            )
        )

    p = personas
    assert roles(p.coordinator) == {
        c.name: Role.COORDINATOR for c in (p.ccr, p.sart, p.marac, p.death_review)
    }
    assert roles(p.advocate) == {p.ccr.name: Role.ADVOCATE, p.marac.name: Role.ADVOCATE}
    assert roles(p.analyst) == {p.ccr.name: Role.ANALYST}
    assert roles(p.community_member) == {p.ccr.name: Role.COMMUNITY_MEMBER}
    assert roles(p.agency_admin)[p.ccr.name] == Role.AGENCY_ADMIN
    assert roles(p.outsider) == {p.neighbour_ccr.name: Role.COORDINATOR}
    assert roles(p.party_officer) == {p.ccr.name: Role.MEMBER}
    # The party officer works beside the police officer, in another unit of the same agency.
    assert p.party_officer.agency == p.police_officer.agency == p.agency_admin.agency == p.police
    assert p.police_officer.unit == p.dv_unit
    assert p.party_officer.unit == p.patrol_unit


def test_every_persona_has_an_authenticator_app_set_up(personas: Any) -> None:
    users = personas.all_users()
    assert set(users) == set(PERSONA_KEYS)
    with_totp = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user_id", flat=True)
    )
    assert {u.pk for u in users.values()} <= with_totp


def test_demo_passwords_pass_the_password_rules(personas: Any) -> None:
    passwords = [p.password for p in PERSONAS]
    assert len(set(passwords)) == len(passwords)
    for spec in PERSONAS:
        validate_password(spec.password, personas.all_users()[spec.key])


@pytest.mark.fresh_database
def test_personas_are_built_in_a_handful_of_queries(
    db: None, django_assert_max_num_queries: Any
) -> None:
    # The session builds it again after every transactional test, and each
    # fresh_database test that asks for personas: bulk inserts keep it a few queries.
    with django_assert_max_num_queries(12):
        build_county(minimal=True)


# --- demo_personas ---------------------------------------------------------------------------


def test_demo_personas_json_lists_every_persona_with_its_logins(
    personas: Any, settings: Any
) -> None:
    settings.DEBUG = True
    logins = json.loads(run("demo_personas", "--json"))

    assert [login["key"] for login in logins] == list(PERSONA_KEYS)
    for login in logins:
        assert set(login) == LOGIN_KEYS
        assert login["collaboratives"], login["key"]
        for collab in login["collaboratives"]:
            assert set(collab) == {"name", "id", "role"}
    coordinator = logins[0]
    assert coordinator["email"] == personas.coordinator.email
    assert coordinator["agency"] == personas.coordinating_agency.name
    assert {(c["id"], c["role"]) for c in coordinator["collaboratives"]} == {
        (str(c.public_id), Role.COORDINATOR)
        for c in (personas.ccr, personas.sart, personas.marac, personas.death_review)
    }


def test_demo_personas_prints_a_table_of_logins(personas: Any, settings: Any) -> None:
    settings.DEBUG = True
    out = run("demo_personas")
    for spec in PERSONAS:
        assert spec.email in out
        assert spec.password in out
        assert spec.totp_secret in out
    assert f"advocate in {personas.marac.name}" in out


def test_demo_personas_refuses_to_run_without_debug(personas: Any, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("demo_personas", "--json")


@pytest.mark.parametrize("key", PERSONA_KEYS)
def test_a_demo_persona_logs_in_with_password_and_authenticator_code(
    key: str, personas: Any, settings: Any
) -> None:
    # Rate limits and used TOTP codes live in the cache: start each story afresh.
    cache.clear()
    settings.DEBUG = True
    login = next(x for x in json.loads(run("demo_personas", "--json")) if x["key"] == key)
    user = personas.all_users()[key]
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": login["email"], "password": login["password"]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # not signed in before the second factor

    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(login["totp_secret"])}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_authenticator_code_does_not_sign_the_coordinator_in(personas: Any) -> None:
    cache.clear()
    spec = PERSONAS_BY_KEY["coordinator"]
    client = Client()
    client.post("/accounts/login/", {"login": spec.email, "password": spec.password})
    right = current_code(spec.totp_secret)
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- the fixtures themselves ----------------------------------------------------------------


def test_client_as_signs_a_persona_in(personas: Any, client_as: Any) -> None:
    client = client_as(personas.advocate)
    assert int(client.session["_auth_user_id"]) == personas.advocate.pk
    other = client_as(personas.outsider)
    assert int(other.session["_auth_user_id"]) == personas.outsider.pk


def test_api_as_sends_a_personal_token_for_the_persona(personas: Any, api_as: Any) -> None:
    client = api_as(personas.analyst, read_only=True)
    assert client.api_token.user == personas.analyst
    assert client.api_token.read_only is True

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == personas.analyst.email
