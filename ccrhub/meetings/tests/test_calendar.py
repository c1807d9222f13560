"""The .ics of a meeting and the secret, revocable feed: both parse with `icalendar`."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from ccrhub.meetings import actions
from ccrhub.meetings.models import CalendarFeed
from ccrhub.meetings.queries import calendar_feed_url

from .conftest import last_event_id, new_actions, next_week

pytestmark = pytest.mark.django_db


def events_of(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return [c for c in calendar.walk("VEVENT")]


def test_a_meeting_downloads_as_an_ics_that_parses(personas, client_as, meeting) -> None:
    actions.add_agenda_item(meeting, title="Secret agenda topic", actor=personas.coordinator)
    response = client_as(personas.prosecutor).get(
        reverse("meetings:meeting-ics", kwargs={"public_id": meeting.public_id})
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (event,) = events_of(response.content)
    assert str(event["SUMMARY"]) == "Riverbend CCR meeting"
    assert str(event["UID"]) == f"{meeting.public_id}@meetings.ccrhub"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Room 204"
    assert b"Secret agenda topic" not in response.content


def test_the_feed_lists_the_meetings_of_my_collaboratives_only(personas, client, meeting):
    actions.schedule_meeting(
        personas.neighbour_ccr,
        title="Lakeside meeting",
        starts_at=next_week(),
        actor=personas.outsider,
    )
    actions.schedule_meeting(
        personas.sart, title="SART meeting", starts_at=next_week(), actor=personas.coordinator
    )
    _feed, token = actions.create_calendar_feed(personas.prosecutor, actor=personas.prosecutor)
    response = client.get(reverse("meetings:calendar-feed", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    titles = sorted(str(e["SUMMARY"]) for e in events_of(response.content))
    assert titles == ["Riverbend CCR meeting", "SART meeting"]
    assert not response.cookies


def test_the_token_is_not_stored_and_the_url_is_given_to_its_owner(personas, rf) -> None:
    assert calendar_feed_url(personas.advocate, rf.get("/")) is None
    feed, token = actions.create_calendar_feed(personas.advocate, actor=personas.advocate)
    row = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert token not in str(row) and row["digest"] != token
    url = calendar_feed_url(personas.advocate, rf.get("/"))
    assert url == f"http://testserver/meetings/calendar/{token}.ics"


def test_a_revoked_feed_is_not_found(personas, client, client_as) -> None:
    owner = client_as(personas.police_officer)
    owner.post(reverse("meetings:calendar-create"))
    url = calendar_feed_url(personas.police_officer, None)
    assert client.get(url).status_code == 200
    mark = last_event_id()
    owner.post(reverse("meetings:calendar-revoke"))
    assert new_actions(mark) == ["calendar_feed.revoked"]
    assert client.get(url).status_code == 404
    assert calendar_feed_url(personas.police_officer, None) is None


def test_a_new_address_replaces_the_old_one(personas, client) -> None:
    _old, old_token = actions.create_calendar_feed(personas.advocate, actor=personas.advocate)
    mark = last_event_id()
    _new, new_token = actions.create_calendar_feed(personas.advocate, actor=personas.advocate)
    assert new_actions(mark) == ["calendar_feed.revoked", "calendar_feed.created"]
    old = client.get(reverse("meetings:calendar-feed", kwargs={"token": old_token}))
    new = client.get(reverse("meetings:calendar-feed", kwargs={"token": new_token}))
    assert (old.status_code, new.status_code) == (404, 200)


def test_a_deactivated_person_has_no_feed(personas, client) -> None:
    _feed, token = actions.create_calendar_feed(personas.advocate, actor=personas.advocate)
    personas.advocate.is_active = False
    personas.advocate.save(update_fields=["is_active"])
    response = client.get(reverse("meetings:calendar-feed", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_made_up_token_is_not_found(client) -> None:
    response = client.get(reverse("meetings:calendar-feed", kwargs={"token": "0" * 64}))
    assert response.status_code == 404


def test_nobody_makes_a_feed_for_someone_else(personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.create_calendar_feed(personas.advocate, actor=personas.coordinator)


def test_a_title_with_line_breaks_downloads_as_one_escaped_calendar_name(
    personas, client_as
) -> None:
    meeting = actions.schedule_meeting(
        personas.ccr,
        title="CCR\r\nMETHOD:CANCEL; agenda, part 2",
        starts_at=next_week(),
        actor=personas.coordinator,
    )
    response = client_as(personas.prosecutor).get(
        reverse("meetings:meeting-ics", kwargs={"public_id": meeting.public_id})
    )
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "METHOD" not in calendar
    assert b"X-WR-CALNAME:CCR\\nMETHOD:CANCEL\\; agenda\\, part 2\r\n" in response.content
