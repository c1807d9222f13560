"""The outreach list: every activity of the user's collaboratives, in a fixed number
of queries however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccrhub.outreach.tests.conftest import record

pytestmark = pytest.mark.django_db


def queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("outreach:activity-list"))
    assert response.status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_one_activity_or_ten(personas, client_as) -> None:
    record(personas)
    client = client_as(personas.prosecutor)
    queries_for_list(client)  # the first request of a session does its own bookkeeping
    one = queries_for_list(client)
    for n in range(9):
        record(personas, title=f"School visit {n}", agency=personas.vsp, levels=["community"])
    assert queries_for_list(client) == one


def test_the_community_member_sees_the_ccrs_outreach_and_the_outsider_does_not(
    personas, client_as
) -> None:
    record(personas, title="Protection orders explained")
    url = reverse("outreach:activity-list")
    assert b"Protection orders explained" in client_as(personas.community_member).get(url).content
    outsider = client_as(personas.outsider).get(url)
    assert outsider.status_code == 200
    assert b"Protection orders explained" not in outsider.content
