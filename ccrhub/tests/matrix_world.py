"""The world the permission matrix walks: the personas and every object its rows name.

The demo personas (the session's shared county), a case of the CCR, a case the
party officer is party to, a restriction, an avenue assessment, an alert, a session
and a token of the coordinator, and the objects of every area (`targets` of each
matrix module). Built once per test module (the `world` fixture in this package's
conftest) inside a transaction that is rolled back at the end; each test's own
transaction is a savepoint inside it, so nothing a row does is seen by the next.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from ccrhub.accounts.actions import create_api_token
from ccrhub.accounts.models import UserSession
from ccrhub.accounts.restrictions import restrict
from ccrhub.audit.models import Alert, AlertRule
from ccrhub.audit.tests.fixtures import TEST_HMAC_KEY, TEST_KEYRING
from ccrhub.cases.actions import open_case
from ccrhub.partners.actions import record_avenue_assessment
from ccrhub.partners.models import Representative
from ccrhub.partners.tests.fixtures import Personas, SharedCounty, personas_from
from ccrhub.tests.permission_matrix import AREAS, Row
from ccrhub.tests.permission_matrix_base import either_door, route_parameters
from ccrhub.tests.urlwalk import our_routes

Target = tuple[dict[str, Any], dict[str, str]]


def build_world(personas: Any) -> dict[str, Target]:
    """The objects the matrix rows name, as (URL kwargs, query string)."""
    case = open_case(
        personas.ccr,
        external_ref="M-1",
        offender_ref="o-1",
        opened_on=datetime.date(2026, 2, 1),
        actor=personas.police_officer,
    )
    party_case = open_case(
        personas.ccr,
        external_ref="M-2",
        offender_ref="o-2",
        opened_on=datetime.date(2026, 2, 2),
        actor=personas.police_officer,
    )
    restrict(party_case, actor=personas.coordinator, user=personas.party_officer, party=True)
    restricted_case = open_case(
        personas.ccr,
        external_ref="M-3",
        offender_ref="o-3",
        opened_on=datetime.date(2026, 2, 3),
        actor=personas.police_officer,
    )
    restriction = restrict(restricted_case, actor=personas.coordinator, user=personas.prosecutor)
    assessment = record_avenue_assessment(
        answers={
            "purposes": "wholly",
            "does_organising": "yes",
            "partners": "same",
            "duplication": "yes",
            "true_collaboration": "yes",
            "attention_elsewhere": "no",
            "existing_kind": "other",
        },
        collaborative=personas.ccr,
        existing_collaborative=personas.sart,
        actor=personas.coordinator,
    )
    alert = Alert.objects.create(
        collaborative=personas.ccr, rule=AlertRule.RESTRICTED, actor=personas.party_officer
    )
    Client().force_login(personas.coordinator)
    session = UserSession.objects.filter(user=personas.coordinator).latest("created_at")
    token, _ = create_api_token(
        personas.coordinator, name="matrix", read_only=False, days=1, actor=personas.coordinator
    )
    prosecutor_role = Representative.objects.get(
        collaborative=personas.ccr, user=personas.prosecutor, is_active=True
    )
    case_ref = {"object_type": "cases.case", "object_id": str(case.public_id)}
    area_targets = {}
    for area in AREAS:
        area_targets.update(area.targets(personas, case))
    return {
        **area_targets,
        "-": ({}, {}),
        "ccr": either_door(personas.ccr.public_id),
        "neighbour_ccr": either_door(personas.neighbour_ccr.public_id),
        "police": either_door(personas.police.public_id),
        "police_membership": (
            {"public_id": personas.ccr.public_id, "agency_id": personas.police.public_id},
            {},
        ),
        "prosecutor_role": (
            {"public_id": personas.ccr.public_id, "representative_id": prosecutor_role.public_id},
            {},
        ),
        "assessment": ({"public_id": assessment.public_id}, {}),
        "case": ({"case_id": case.public_id}, {}),
        "party_case": ({"case_id": party_case.public_id}, {}),
        "restricted_case": ({"case_id": restricted_case.public_id}, {}),
        "restriction": (
            {"case_id": restricted_case.public_id, "restriction_id": restriction.pk},
            {},
        ),
        "case_report": ({}, case_ref),
        "alert": ({"alert_id": alert.public_id}, {}),
        "coordinator_session": ({"public_id": session.public_id}, {}),
        "coordinator_token": ({"public_id": token.public_id}, {}),
    }


World = tuple[Personas, dict[str, Target]]


@contextmanager
def built_world(county: SharedCounty) -> Iterator[World]:
    """The personas of the session's county and the objects of every row, rolled back
    when done."""
    # What the function-scoped autouse fixtures set for every test, here for the module.
    keys = override_settings(
        CCRHUB_KEYRING=TEST_KEYRING,
        CCRHUB_KEYRING_FILE="",
        CCRHUB_HMAC_KEY=TEST_HMAC_KEY,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with keys, transaction.atomic():
        personas = personas_from(county.copy())
        yield personas, build_world(personas)
        transaction.set_rollback(True)


ROUTE_PARAMETERS = {route.name: route_parameters(route.pattern) for route in our_routes()}


def url_of(row: Row, kwargs: dict[str, Any]) -> str:
    """The row's URL; a target names its object for either door (`public_id` for the
    page, `id` for the API), and each route takes the parameters it names."""
    return reverse(
        row.route, kwargs={k: v for k, v in kwargs.items() if k in ROUTE_PARAMETERS[row.route]}
    )
