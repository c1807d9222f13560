"""The list pages cost the same number of queries whatever the number of rows."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccrhub.highrisk import actions
from ccrhub.highrisk.tests.conftest import conference, refer

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    client.get(url)  # warm the session and role caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["highrisk:referral-list", "highrisk:conference-list", "highrisk:action-list"]
)
def test_list_queries_do_not_grow_with_rows(personas: Any, client_as: Any, name: str):
    """Session, user, roles, team kinds, the rows (with their agencies and teams in the
    same query), restrictions of the rows, and the template's checks: constant."""

    def add(n: int, day: int) -> None:
        for k in range(n):
            refer(personas, victim_ref=f"v{day}-{k}", perpetrator_ref="p")
        meeting = conference(personas, on=datetime.date(2026, 3, day))
        for entry in actions.build_agenda(meeting, actor=personas.coordinator):
            actions.record_action(
                entry,
                owner_agency=personas.police,
                risk_target="victim",
                description="Marker",
                due_on=datetime.date(2026, 4, 1),
                actor=personas.coordinator,
            )

    client = client_as(personas.coordinator)
    url = reverse(name)
    add(1, 10)
    few = _count(client, url)
    add(5, 20)
    assert _count(client, url) == few
