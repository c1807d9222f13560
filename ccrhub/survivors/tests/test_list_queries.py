"""The list screens cost the same number of queries whatever the data."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccrhub.risk.actions import record_assessment
from ccrhub.survivors.tests.conftest import make_survivor

pytestmark = pytest.mark.django_db


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["survivors:survivor-list", "risk:assessment-list"])
def test_lists_do_not_grow_with_the_data(personas: Any, client_as: Any, route: str) -> None:
    client = client_as(personas.advocate)
    url = reverse(route)
    client.get(url)  # warm the session and role caches

    def add() -> None:
        survivor = make_survivor(personas)
        record_assessment(
            survivor,
            "dash",
            {"q1": "yes"},
            actor=personas.advocate,
            agency=personas.vsp,
            assessed_on=datetime.date(2026, 3, 2),
        )

    add()
    few = count(client, url)
    for _ in range(3):
        add()
    assert count(client, url) == few
