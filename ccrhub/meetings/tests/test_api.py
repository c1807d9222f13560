"""/api/v1/meetings/ and /api/v1/action-items/ per API.md: UUID ids, cursor pages,
problem+json, allow-listed fields, audited writes, 409 on a stale version."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccrhub.meetings import actions
from ccrhub.meetings.actions import AttendanceEntry
from ccrhub.meetings.models import ActionItem, Meeting

from .conftest import last_event_id, new_actions, next_week

pytestmark = pytest.mark.django_db


def test_members_list_meetings_with_their_agenda(personas, api_as, meeting) -> None:
    actions.add_template_to_agenda(meeting, key="continue_or_start", actor=personas.coordinator)
    response = api_as(personas.community_member).get("/api/v1/meetings/")
    assert response.status_code == 200
    (found,) = response.json()["results"]
    assert found["id"] == str(meeting.public_id)
    assert found["collaborative"] == str(personas.ccr.public_id)
    assert found["agenda"][0]["title"] == "What can we continue or start doing?"
    assert found["minutes"] is None and found["version"] == meeting.version
    assert response.json()["next"] is None


def test_the_outsider_lists_nothing_and_finds_nothing(personas, api_as, meeting) -> None:
    client = api_as(personas.outsider)
    assert client.get("/api/v1/meetings/").json()["results"] == []
    missing = client.get(f"/api/v1/meetings/{meeting.public_id}")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_the_coordinator_posts_a_recurring_meeting(personas, api_as) -> None:
    client = api_as(personas.coordinator)
    mark = last_event_id()
    response = client.post(
        "/api/v1/meetings/",
        {
            "collaborative": str(personas.ccr.public_id),
            "title": "CCR monthly",
            "starts_at": "2026-09-10T09:30:00-05:00",
            "rrule": "FREQ=MONTHLY;BYDAY=+2TH",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["rrule"] == "FREQ=MONTHLY;BYDAY=+2TH"
    assert new_actions(mark) == ["meeting.series_created"]


def test_a_bad_rule_is_a_field_error(personas, api_as) -> None:
    response = api_as(personas.coordinator).post(
        "/api/v1/meetings/",
        {
            "collaborative": str(personas.ccr.public_id),
            "title": "x",
            "starts_at": "2026-09-10T09:30:00-05:00",
            "rrule": "FREQ=SECONDLY",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "rrule" in response.json()["errors"]


def test_a_member_may_not_post_a_meeting(personas, api_as) -> None:
    response = api_as(personas.police_officer).post(
        "/api/v1/meetings/",
        {
            "collaborative": str(personas.ccr.public_id),
            "title": "x",
            "starts_at": "2026-09-10T09:30:00-05:00",
        },
        format="json",
    )
    assert response.status_code == 403 and not Meeting.objects.exists()


def test_patching_minutes_checks_the_version(personas, api_as, meeting) -> None:
    client = api_as(personas.coordinator)
    url = f"/api/v1/meetings/{meeting.public_id}"
    version = meeting.version
    mark = last_event_id()
    first = client.patch(url, {"version": version, "minutes": "Ours."}, format="json")
    assert first.status_code == 200 and first.json()["minutes"] == "Ours."
    stale = client.patch(url, {"version": version, "minutes": "Theirs."}, format="json")
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    meeting.refresh_from_db()
    assert meeting.minutes == "Ours."
    approved = client.patch(
        url, {"version": first.json()["version"], "minutes_status": "approved"}, format="json"
    )
    assert approved.json()["minutes_status"] == "approved"
    assert new_actions(mark) == ["minutes.saved", "minutes.approved"]


def test_a_patch_without_a_version_is_refused(personas, api_as, meeting) -> None:
    response = api_as(personas.coordinator).patch(
        f"/api/v1/meetings/{meeting.public_id}", {"title": "x"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["errors"]


def test_patching_ignores_fields_outside_the_allow_list(personas, api_as, meeting) -> None:
    before = Meeting.objects.filter(pk=meeting.pk).values().get()
    response = api_as(personas.coordinator).patch(
        f"/api/v1/meetings/{meeting.public_id}",
        {
            "version": meeting.version,
            "collaborative": str(personas.sart.public_id),
            "minutes_approved_by": 1,
            "public_id": "00000000-0000-0000-0000-000000000000",
            "created_by": 1,
            "series": None,
        },
        format="json",
    )
    assert response.status_code == 200
    after = Meeting.objects.filter(pk=meeting.pk).values().get()
    assert after == before


def test_restricted_minutes_are_null_for_agencies_that_did_not_attend(
    personas, api_as, meeting
) -> None:
    coordinator = personas.coordinator
    actions.record_attendance(
        meeting, entries=[AttendanceEntry(personas.prosecutor, "present")], actor=coordinator
    )
    meeting.refresh_from_db()
    meeting = actions.save_minutes(
        meeting, version=meeting.version, text="Closed", restricted=True, actor=coordinator
    )
    actions.approve_minutes(meeting, version=meeting.version, actor=coordinator)
    url = f"/api/v1/meetings/{meeting.public_id}"
    assert api_as(personas.prosecutor).get(url).json()["minutes"] == "Closed"
    assert api_as(personas.police_officer).get(url).json()["minutes"] is None


def test_listing_meetings_costs_the_same_queries_for_one_or_many(personas, api_as) -> None:
    client = api_as(personas.police_officer)
    start = next_week()

    def add(n: int) -> None:
        for i in range(n):
            m = actions.schedule_meeting(
                personas.ccr,
                title=f"M{i}",
                starts_at=start + datetime.timedelta(days=i),
                actor=personas.coordinator,
            )
            actions.add_agenda_item(
                m, title="A", owner=personas.prosecutor, actor=personas.coordinator
            )
            actions.record_attendance(
                m,
                entries=[AttendanceEntry(personas.prosecutor, "present")],
                actor=personas.coordinator,
            )

    add(1)
    client.get("/api/v1/meetings/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/meetings/")
    add(8)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/meetings/").json()["results"]) == 9
    assert len(many) == len(one)


def _post_item(client, personas, **extra):
    body = {
        "collaborative": str(personas.ccr.public_id),
        "title": "Share the figures",
        "owner_agency": str(personas.police.public_id),
        "owner": str(personas.police_officer.public_id),
        "due_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        **extra,
    }
    return client.post("/api/v1/action-items/", body, format="json")


def test_action_items_are_created_listed_and_updated(personas, api_as, meeting) -> None:
    coordinator = api_as(personas.coordinator)
    mark = last_event_id()
    created = _post_item(coordinator, personas, meeting=str(meeting.public_id), status="done")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "open" and body["overdue"] is True
    assert body["meeting"] == str(meeting.public_id)
    officer = api_as(personas.police_officer)
    mine = officer.get("/api/v1/action-items/?mine=true&overdue=true").json()["results"]
    assert [i["id"] for i in mine] == [body["id"]]
    url = f"/api/v1/action-items/{body['id']}"
    done = officer.patch(url, {"version": body["version"], "status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    stale = officer.patch(url, {"version": body["version"], "status": "not_done"}, format="json")
    assert stale.status_code == 409
    assert new_actions(mark) == ["action_item.created", "action_item.updated"]


def test_an_owner_may_not_move_the_due_date_through_the_api(personas, api_as) -> None:
    body = _post_item(api_as(personas.coordinator), personas).json()
    response = api_as(personas.police_officer).patch(
        f"/api/v1/action-items/{body['id']}",
        {"version": body["version"], "due_on": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert ActionItem.objects.get().due_on != datetime.date(2030, 1, 1)


def test_an_unknown_agency_is_a_field_error(personas, api_as) -> None:
    response = _post_item(
        api_as(personas.coordinator),
        personas,
        owner_agency=str(personas.neighbour_police.public_id),
    )
    assert response.status_code == 400 and "owner_agency" in response.json()["errors"]
