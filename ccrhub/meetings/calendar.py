"""iCalendar (RFC 5545) output with the `icalendar` package, and feed tokens.

An event carries the meeting's title, time, place, collaborative and a link back:
never the agenda or the minutes, since calendar clients copy feeds to third parties.
"""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vText

from ccrhub.lib.hashing import keyed_hash
from ccrhub.meetings.models import CalendarFeed, Meeting

PRODID = "-//CCR Hub//Meetings//EN"
UID_DOMAIN = "meetings.ccrhub"


def feed_token(feed: CalendarFeed) -> str:
    """The secret in the feed's URL: recomputable only with the server's HMAC key."""
    return keyed_hash(f"{feed.public_id}:{feed.salt}", purpose="calendar-feed")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(32)


def meeting_url(meeting: Meeting) -> str:
    path = reverse("meetings:meeting-detail", kwargs={"public_id": meeting.public_id})
    return settings.CCRHUB_SITE_URL.rstrip("/") + path


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.public_id}@{UID_DOMAIN}")
    event.add("dtstamp", meeting.updated_at or timezone.now())
    start = timezone.localtime(meeting.starts_at)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", f"{meeting.collaborative.name}\n{meeting_url(meeting)}")
    event.add("url", meeting_url(meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per meeting (collaborative already selected)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is written as given unless typed: as text, a line break or a ";"
    # in a meeting's title is escaped instead of ending the line (RFC 5545, 3.3.11).
    calendar.add("x-wr-calname", vText(name))
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
