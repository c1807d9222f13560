"""Scheduling and reading meetings through the pages, persona by persona."""

import datetime

import pytest
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings.models import Meeting, MeetingSeries

from .conftest import last_event_id, new_actions

pytestmark = pytest.mark.django_db


def test_the_coordinator_schedules_a_one_off_meeting(personas, client_as) -> None:
    client = client_as(personas.coordinator)
    mark = last_event_id()
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "collaborative": personas.ccr.public_id,
            "title": "Protocol review",
            "starts_at": "2026-09-10T09:30",
            "duration_minutes": 60,
            "location": "Room 204",
            "repeats": "",
        },
    )
    meeting = Meeting.objects.get(title="Protocol review")
    assert response.status_code == 302 and str(meeting.public_id) in response["Location"]
    assert meeting.series is None and meeting.duration_minutes == 60
    assert new_actions(mark) == ["meeting.scheduled"]


def test_the_coordinator_schedules_a_monthly_meeting(personas, client_as) -> None:
    client_as(personas.coordinator).post(
        reverse("meetings:meeting-create"),
        {
            "collaborative": personas.ccr.public_id,
            "title": "CCR monthly",
            "starts_at": "2026-09-10T09:30",
            "duration_minutes": 90,
            "repeats": "monthly_weekday",
        },
    )
    series = MeetingSeries.objects.get()
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2TH"
    assert series.meetings.count() >= 1


def test_a_member_cannot_schedule_and_is_told_so(personas, client_as) -> None:
    response = client_as(personas.police_officer).get(reverse("meetings:meeting-create"))
    assert response.status_code == 403


def test_members_and_community_members_read_the_meeting(personas, client_as, meeting) -> None:
    url = reverse("meetings:meeting-detail", kwargs={"public_id": meeting.public_id})
    for persona in (personas.police_officer, personas.community_member, personas.advocate):
        response = client_as(persona).get(url)
        assert response.status_code == 200
        assert b"Riverbend CCR meeting" in response.content
        assert b"Record attendance" not in response.content


def test_the_outsider_and_the_analyst_find_no_such_meeting(personas, client_as, meeting) -> None:
    url = reverse("meetings:meeting-detail", kwargs={"public_id": meeting.public_id})
    assert client_as(personas.outsider).get(url).status_code == 404
    # No role of the analyst's sees meetings: refused before any meeting is looked up.
    assert client_as(personas.analyst).get(url).status_code == 403
    assert client_as(personas.analyst).get(reverse("meetings:meeting-list")).status_code == 403


def test_the_list_shows_only_the_users_collaboratives(personas, client_as, meeting) -> None:
    mine = client_as(personas.prosecutor).get(reverse("meetings:meeting-list"))
    theirs = client_as(personas.outsider).get(reverse("meetings:meeting-list"))
    assert b"Riverbend CCR meeting" in mine.content
    assert b"Riverbend CCR meeting" not in theirs.content


def test_editing_a_meeting_checks_the_version(personas, client_as, meeting) -> None:
    url = reverse("meetings:meeting-edit", kwargs={"public_id": meeting.public_id})
    form = {
        "title": "Renamed",
        "starts_at": "2026-09-10T09:30",
        "duration_minutes": 90,
        "location": "",
        "version": meeting.version,
    }
    client = client_as(personas.coordinator)
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "title": "Renamed again"})
    assert b"Someone else changed this meeting" in stale.content
    meeting.refresh_from_db()
    assert meeting.title == "Renamed" and meeting.version == 2
    event = AuditEvent.objects.filter(action="meeting.updated").get()
    assert "title" in event.details["fields"]


def test_the_meeting_list_costs_the_same_queries_for_one_or_many(personas, client_as) -> None:
    from ccrhub.meetings import actions

    client = client_as(personas.police_officer)
    url = reverse("meetings:meeting-list")
    start = datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)
    actions.schedule_meeting(personas.ccr, title="One", starts_at=start, actor=personas.coordinator)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(1, 15):
        actions.schedule_meeting(
            personas.ccr,
            title=f"M{day}",
            starts_at=start + datetime.timedelta(days=day),
            actor=personas.coordinator,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
