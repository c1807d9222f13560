"""Walks the permission matrix for pages and API alike (S1, S2).

One world for the whole walk (`matrix_world`), built once and rolled back at the
end. Each persona's request runs in a transaction that is rolled back, so one
persona's successful POST does not change what the next persona (or row) finds.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from ccrhub.lib.policy import PUBLIC, holds_any, permissions_of, policy_of
from ccrhub.partners.tests.fixtures import Personas
from ccrhub.tests.matrix_world import World, url_of
from ccrhub.tests.permission_matrix import LOGIN, MATRIX, OK, PERSONAS, Row
from ccrhub.tests.permission_matrix_base import anonymous_answer, is_api_route
from ccrhub.tests.urlwalk import our_routes

pytestmark = pytest.mark.django_db


def expected(row: Row, persona: str, user: Any = None) -> int | str:
    """The row's answer for the persona. A declared permission is enforced before any
    object is looked up: someone whose roles grant it nowhere gets 403 for every id
    where the row says 404 (as for an id that does not exist, S3)."""
    if persona == "anonymous" and row.route not in PUBLIC_ROUTE_NAMES:
        return anonymous_answer(row.route)
    answer = row.answer_for(persona)
    declared = ROUTE_PERMISSIONS.get(row.route, ())
    if answer == 404 and user is not None and declared and not holds_any(user, declared):
        return 403
    return answer


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
ROUTE_PERMISSIONS = {r.name: permissions_of(r.callback) for r in our_routes()}


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


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.method} {r.route} [{r.target}]")
def test_matrix_row(row: Row, world: World, client_as: Any, api_as: Any) -> None:
    personas, targets = world
    kwargs, query = targets[row.target]
    url = url_of(row, kwargs)
    api = is_api_route(row.route)
    wrong = {}
    for persona in PERSONAS:
        client = client_for(persona, personas, client_as, api_as, api)
        with transaction.atomic():
            response = send(client, row, url, query, api, body_ids(personas, persona))
            transaction.set_rollback(True)
        answer = expected(row, persona, getattr(personas, persona, None))
        if not meets(answer, response, api):
            wrong[persona] = (answer, response.status_code)
    assert wrong == {}, f"expected vs got for {url}"
