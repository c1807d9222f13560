"""Query counts of the list pages: they do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccrhub.evaluation import actions

pytestmark = pytest.mark.django_db


def goal_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("evaluation:goal-list")).status_code == 200
    return len(captured)


def test_the_goal_list_costs_the_same_for_one_goal_or_ten(client_as, personas) -> None:
    client = client_as(personas.coordinator)
    actions.create_goal(personas.ccr, title="Goal 0", actor=personas.coordinator)
    client.get(reverse("evaluation:goal-list"))  # the first request settles the sign-in
    one = goal_list_queries(client)
    for n in range(1, 10):
        actions.create_goal(
            personas.ccr, title=f"Goal {n}", owner=personas.advocate, actor=personas.coordinator
        )
    # sign-in, user, roles, … then one query for the goals with their collaborative
    # and owner (select_related): the same number whatever the count.
    assert goal_list_queries(client) == one
