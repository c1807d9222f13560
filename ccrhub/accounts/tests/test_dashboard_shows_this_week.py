"""The coordinator's dashboard shows the week ahead: meetings of the next seven days and
overdue actions by agency, each with an empty state and a link to the full page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccrhub.meetings.actions.schedule import schedule_meeting

pytestmark = pytest.mark.django_db

# Sessions, user, roles (with their collaboratives' kinds, for the menu), collaboratives,
# alerts, chasing summary, meetings and overdue actions.
DASHBOARD_QUERIES = 14


def test_a_meeting_this_week_is_on_the_dashboard_and_one_next_month_is_not(personas, client_as):
    now = timezone.now()
    for title, days in (("Case review lunch", 2), ("Annual planning day", 30)):
        schedule_meeting(
            personas.ccr,
            title=title,
            starts_at=now + datetime.timedelta(days=days),
            actor=personas.coordinator,
        )
    body = client_as(personas.coordinator).get("/").content.decode()

    assert "This week" in body
    assert "Case review lunch" in body
    assert "Annual planning day" not in body
    assert 'href="/meetings/"' in body


def test_an_empty_week_says_so_and_still_links_the_full_pages(personas, client_as):
    body = client_as(personas.coordinator).get("/").content.decode()

    assert "No meeting in the next seven days." in body
    assert 'href="/meetings/actions/overdue/"' in body


def test_people_who_do_not_meet_get_no_week(personas, client_as):
    body = client_as(personas.analyst).get("/").content.decode()

    assert "This week" not in body


def test_the_coordinators_dashboard_runs_a_fixed_number_of_queries(personas, client_as):
    client = client_as(personas.coordinator)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert len(captured) == DASHBOARD_QUERIES, [q["sql"][:80] for q in captured]
