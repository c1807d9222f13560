"""Walks the permission matrix for pages and API alike (S1, S2).

One world for the whole walk, built once and rolled back at the end: the demo
personas, a case of the CCR, a case the party officer is party to, a restriction, an
avenue assessment, an alert, a session and a token of the coordinator, and the objects
of every area. Each persona's request runs in a transaction that is rolled back, so
one persona's successful POST does not change what the next persona (or row) finds.
"""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from ccrhub.accounts.actions import create_api_token
from ccrhub.accounts.models import UserSession
from ccrhub.accounts.restrictions import restrict
from ccrhub.audit.models import Alert, AlertRule
from ccrhub.audit.tests.fixtures import TEST_HMAC_KEY, TEST_KEYRING
from ccrhub.cases.actions import open_case
from ccrhub.lib.policy import PUBLIC, policy_of
from ccrhub.partners.actions import record_avenue_assessment
from ccrhub.partners.models import Representative
from ccrhub.partners.tests.fixtures import Personas, personas_from
from ccrhub.tests.permission_matrix import AREAS, LOGIN, MATRIX, OK, PERSONAS, Row
from ccrhub.tests.permission_matrix_base import anonymous_answer, either_door, route_parameters
from ccrhub.tests.urlwalk import our_routes

pytestmark = pytest.mark.django_db

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


def is_api(route: str) -> bool:
    return route.startswith("api-")


ROUTE_PARAMETERS = {route.name: route_parameters(route.pattern) for route in our_routes()}


def url_of(row: Row, kwargs: dict[str, Any]) -> str:
    """The row's URL; a target names its object for either door (`public_id` for the
    page, `id` for the API), and each route takes the parameters it names."""
    return reverse(
        row.route, kwargs={k: v for k, v in kwargs.items() if k in ROUTE_PARAMETERS[row.route]}
    )


def expected(row: Row, persona: str) -> int | str:
    if persona != "anonymous" or row.route in PUBLIC_ROUTE_NAMES:
        return row.answer_for(persona)
    return anonymous_answer(row.route)


def meets(answer: int | str, response: Any, api: bool) -> bool:
    location = response.get("Location", "")
    if answer == LOGIN:
        return response.status_code == 302 and "/accounts/login/" in location
    if answer == OK:
        redirect_ok = response.status_code in (302, 303) and "/accounts/login/" not in location
        invalid_ok = api and response.status_code in (400, 409, 422)
        return response.status_code in (200, 201, 204) or redirect_ok or invalid_ok
    return bool(response.status_code == answer)


PUBLIC_ROUTE_NAMES = {r.name for r in our_routes() if policy_of(r.callback) == PUBLIC}


def client_for(
    persona: str,
    personas: Any,
    client_as: Callable[..., Client],
    api_as: Callable[..., APIClient],
    api: bool,
) -> Any:
    if persona == "anonymous":
        return APIClient() if api else Client()
    user = getattr(personas, persona)
    return api_as(user) if api else client_as(user)


def send(client: Any, row: Row, url: str, query: dict[str, str], api: bool, ids: Any) -> Any:
    method = getattr(client, row.method.lower())
    if row.method == "GET":
        return method(url, query)
    # A body may name the ids of `body_ids` and the target's query values ("{survivor}").
    fill = {**ids, **query}
    data = {k: v.format(**fill) if isinstance(v, str) else v for k, v in row.data.items()}
    return method(url, data, format="json") if api else method(url, data)


def body_ids(personas: Personas, persona: str) -> dict[str, str]:
    """What a request body may name: `{ccr}` is the Riverbend CCR; `{own_ccr}` is the
    collaborative the persona works in (the neighbouring CCR, for the outsider)."""
    own = personas.neighbour_ccr if persona == "outsider" else personas.ccr
    return {"ccr": str(personas.ccr.public_id), "own_ccr": str(own.public_id)}


World = tuple[Personas, dict[str, Target]]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The personas and the objects of every row, built once for the module.

    Each test's own transaction is a savepoint inside this one, and every request a
    savepoint inside that, so nothing a row does is seen by the next.
    """
    from ccrhub.partners.demo import build_county

    # What the function-scoped autouse fixtures set for every test, here for the module.
    keys = override_settings(
        CCRHUB_KEYRING=TEST_KEYRING,
        CCRHUB_KEYRING_FILE="",
        CCRHUB_HMAC_KEY=TEST_HMAC_KEY,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with keys, django_db_blocker.unblock(), transaction.atomic():
        personas = personas_from(build_county(minimal=True))
        yield personas, build_world(personas)
        transaction.set_rollback(True)


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.method} {r.route} [{r.target}]")
def test_matrix_row(row: Row, world: World, client_as: Any, api_as: Any) -> None:
    personas, targets = world
    kwargs, query = targets[row.target]
    url = url_of(row, kwargs)
    api = is_api(row.route)
    wrong = {}
    for persona in PERSONAS:
        client = client_for(persona, personas, client_as, api_as, api)
        with transaction.atomic():
            response = send(client, row, url, query, api, body_ids(personas, persona))
            transaction.set_rollback(True)
        answer = expected(row, persona)
        if not meets(answer, response, api):
            wrong[persona] = (answer, response.status_code)
    assert wrong == {}, f"expected vs got for {url}"
