"""A series says how it repeats in words a person reads, in English and Spanish."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from ccrhub.meetings import recurrence
from ccrhub.meetings.models import MeetingSeries

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
SECOND_THURSDAY = datetime.datetime(2026, 9, 10, 9, 30, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("frequency", "english", "spanish"),
    [
        ("weekly", "Weekly, on Thursday", "Semanal, el Jueves"),
        ("fortnightly", "Every two weeks, on Thursday", "Cada dos semanas, el Jueves"),
        ("monthly_weekday", "Monthly, second Thursday", "Mensual, el segundo Jueves"),
        ("monthly_date", "Monthly, on day 10", "Mensual, el día 10"),
    ],
)
def test_every_choice_of_the_form_reads_as_words(frequency, english, spanish) -> None:
    rule = recurrence.rule_for(recurrence.Repeat(frequency), SECOND_THURSDAY)
    with translation.override("en"):
        assert recurrence.describe(rule, SECOND_THURSDAY) == english
    with translation.override("es"):
        assert recurrence.describe(rule, SECOND_THURSDAY) == spanish


def test_the_end_of_a_series_is_a_date_in_the_locales_format() -> None:
    repeat = recurrence.Repeat("monthly_weekday", until=datetime.date(2027, 6, 30))
    rule = recurrence.rule_for(repeat, SECOND_THURSDAY)
    with translation.override("en"):
        words = recurrence.describe(rule, SECOND_THURSDAY)
    assert words.startswith("Monthly, second Thursday, until ") and "2027" in words
    assert "UNTIL" not in words


def test_a_last_weekday_and_a_rule_from_elsewhere_read_as_words() -> None:
    with translation.override("en"):
        assert recurrence.describe("FREQ=MONTHLY;BYDAY=-1FR", SECOND_THURSDAY) == (
            "Monthly, last Friday"
        )
        assert recurrence.describe("FREQ=HOURLY", SECOND_THURSDAY) == "On a custom schedule"


def test_the_meeting_page_says_how_it_repeats_not_the_rule(personas, client_as) -> None:
    client = client_as(personas.coordinator)
    client.post(
        reverse("meetings:meeting-create"),
        {
            "collaborative": personas.ccr.public_id,
            "title": "CCR monthly",
            "starts_at": "2026-09-10T09:30",
            "duration_minutes": 90,
            "repeats": "monthly_weekday",
        },
    )
    meeting = MeetingSeries.objects.get().meetings.earliest("starts_at")
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.public_id]))
    assert "Monthly, second Thursday" in page.content.decode()
    assert "FREQ=" not in page.content.decode()
