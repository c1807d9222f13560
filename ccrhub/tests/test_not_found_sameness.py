"""S3: an object outside your scope answers exactly like one that does not exist.

For every matrix row where the outsider gets 404 (or 403 before any lookup, when no role
of theirs grants the declared permission), the same URL with each object id replaced by
a random UUID must give the outsider the same status and the same body
(pages: less the CSRF token and the request id, which differ on every request).
"""

import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.tests.matrix_world import World, url_of
from ccrhub.tests.permission_matrix import MATRIX, Row
from ccrhub.tests.permission_matrix_base import is_api_route
from ccrhub.tests.test_permission_matrix import expected

pytestmark = pytest.mark.django_db

HIDDEN_FROM_OUTSIDER = [
    row
    for row in MATRIX
    if row.answer_for("outsider") == 404 and row.target not in ("-", "case_report")
]


def randomised(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (uuid.uuid4() if isinstance(value, uuid.UUID) else 2**31 - 1)
        for key, value in kwargs.items()
    }


def body(response: Any) -> bytes:
    content: bytes = response.content
    if response.get("Content-Type", "").startswith("text/html"):
        content = content.replace(response["X-Request-ID"].encode(), b"")
        content = re.sub(rb"[A-Za-z0-9]{64}", b"", content)
    return content


@pytest.mark.parametrize("row", HIDDEN_FROM_OUTSIDER, ids=lambda r: f"{r.method} {r.route}")
def test_outsider_cannot_tell_hidden_from_missing(
    row: Row, world: World, client_as: Any, api_as: Any
) -> None:
    personas, targets = world
    kwargs, query = targets[row.target]
    client = api_as(personas.outsider) if is_api_route(row.route) else client_as(personas.outsider)
    send = getattr(client, row.method.lower())
    hidden = send(url_of(row, kwargs), query)
    missing = send(url_of(row, randomised(kwargs)), query)
    # 404, or 403 for any id where the outsider's roles grant the declared permission nowhere.
    answer = expected(row, "outsider", personas.outsider)
    assert hidden.status_code == missing.status_code == answer
    assert body(hidden) == body(missing)
    assert hidden.get("Content-Type") == missing.get("Content-Type")


@pytest.mark.parametrize("row", HIDDEN_FROM_OUTSIDER, ids=lambda r: f"{r.method} {r.route}")
def test_hidden_and_missing_cost_the_same_queries(
    row: Row, world: World, client_as: Any, api_as: Any
) -> None:
    """Comparable time, measured without a clock: the same work for both answers."""
    personas, targets = world
    kwargs, query = targets[row.target]
    client = api_as(personas.outsider) if is_api_route(row.route) else client_as(personas.outsider)
    send = getattr(client, row.method.lower())
    send(url_of(row, randomised(kwargs)), query)  # warm per-client caches

    def queries(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            send(url, query)
        return [q["sql"].split(" WHERE ")[0] for q in captured]

    hidden = queries(url_of(row, kwargs))
    missing = queries(url_of(row, randomised(kwargs)))
    assert len(hidden) == len(missing)
