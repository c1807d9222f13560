"""S4: for each role, sending every field changes only what the role may change.

Each test sends every column of the row plus the names attackers try (`role`,
`agency`, `collaborative`, `is_staff`, `owner`, `regime`, `restricted`, `consent_*`,
`id`) and compares the row before and after.
"""

import datetime
import uuid
from typing import Any

import pytest
from django.db import models

from ccrhub.accounts.models import User
from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case
from ccrhub.partners.models import Agency, Collaborative, Representative
from ccrhub.tests.permission_matrix import CASE_WORKERS, SIGNED_IN

pytestmark = pytest.mark.django_db

ATTACK_FIELDS = {
    "role": "coordinator",
    "agency": "x",
    "collaborative": "x",
    "is_staff": True,
    "is_superuser": True,
    "owner": "x",
    "regime": "vsp",
    "restricted": True,
    "consent_given": True,
    "consent_expires_at": "2099-01-01",
    "id": str(uuid.uuid4()),
    "public_id": str(uuid.uuid4()),
    "version": 99,
    "is_active": False,
}


def every_field(model: type[models.Model], overrides: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.BooleanField):
            values[field.attname] = True
        elif isinstance(field, (models.IntegerField, models.ForeignKey)):
            values[field.attname] = 7
        elif isinstance(field, models.DateTimeField):
            values[field.attname] = "2001-01-01T00:00:00Z"
        elif isinstance(field, models.DateField):
            values[field.attname] = "2001-01-01"
        else:
            values[field.attname] = "changed"
    return {**values, **ATTACK_FIELDS, **overrides}


def row(instance: models.Model) -> dict[str, Any]:
    return type(instance).objects.filter(pk=instance.pk).values().get()  # type: ignore[attr-defined]


def changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    return {key for key in before if before[key] != after[key]}


@pytest.fixture
def case(personas: Any) -> Case:
    return open_case(
        personas.ccr,
        external_ref="MA-1",
        offender_ref="o",
        opened_on=datetime.date(2026, 1, 1),
        actor=personas.police_officer,
    )


@pytest.mark.parametrize("persona", CASE_WORKERS)
def test_case_patch_changes_only_allow_listed_fields(persona, personas, api_as, case) -> None:
    before = row(case)
    api_as(getattr(personas, persona)).patch(
        f"/api/v1/cases/{case.public_id}",
        every_field(Case, {"version": 1, "agency_case_number": "CN-9"}),
        format="json",
    )
    after = row(case)
    assert after["agency_case_number"] == "CN-9"
    assert changed(before, after) <= {"agency_case_number", "opened_on", "version"}


@pytest.mark.parametrize("persona", CASE_WORKERS)
def test_case_edit_form_changes_only_allow_listed_fields(persona, personas, client_as, case):
    before = row(case)
    client_as(getattr(personas, persona)).post(
        f"/cases/{case.public_id}/edit/",
        every_field(Case, {"version": 1, "opened_on": "2026-01-02"}),
    )
    after = row(case)
    assert after["opened_on"] == datetime.date(2026, 1, 2)
    assert changed(before, after) <= {"agency_case_number", "opened_on", "version"}


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_me_patch_changes_only_the_persons_name(persona, personas, api_as) -> None:
    user: User = getattr(personas, persona)
    roles_before = list(Representative.objects.filter(user=user).values())
    before = row(user)
    api_as(user).patch("/api/v1/me", every_field(User, {"full_name": "New Name"}), format="json")
    after = row(user)
    assert after["full_name"] == "New Name"
    assert changed(before, after) <= {"full_name", "last_seen_at", "last_login"}
    assert list(Representative.objects.filter(user=user).values()) == roles_before


@pytest.mark.parametrize("persona", ("coordinator", "agency_admin", "police_officer"))
def test_collaborative_edit_form_changes_only_what_the_role_may(persona, personas, client_as):
    before = row(personas.ccr)
    client_as(getattr(personas, persona)).post(
        f"/partners/collaboratives/{personas.ccr.public_id}/edit",
        every_field(Collaborative, {"name": "Renamed", "kind": "ccr"}),
    )
    may = (
        {"name", "kind", "area", "mission", "communities_served"}
        if persona == "coordinator"
        else set()
    )
    after = row(personas.ccr)
    assert (after["name"] == "Renamed") == (persona == "coordinator")
    assert changed(before, after) <= may


@pytest.mark.parametrize("persona", ("coordinator", "agency_admin", "police_officer"))
def test_agency_edit_form_never_changes_code_or_regime(persona, personas, client_as) -> None:
    before = row(personas.police)
    client_as(getattr(personas, persona)).post(
        f"/partners/agencies/{personas.police.public_id}/edit",
        every_field(Agency, {"name": "Renamed PD", "sector": "law_enforcement"}),
    )
    may = {"name", "sector", "communities"} if persona == "coordinator" else set()
    after = row(personas.police)
    assert (after["name"] == "Renamed PD") == (persona == "coordinator")
    assert changed(before, after) <= may
