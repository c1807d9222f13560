"""A recurring meeting whose rule gives no meeting in the window meetings are created for
is refused, and nothing is kept: on the page as in the API, since both call one action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.meetings.models import Meeting, MeetingSeries

pytestmark = pytest.mark.django_db


def far_ahead() -> str:
    return (timezone.localdate() + datetime.timedelta(days=400)).isoformat() + "T09:30"


def test_the_page_refuses_a_series_that_starts_beyond_the_window(personas, client_as) -> None:
    response = client_as(personas.coordinator).post(
        reverse("meetings:meeting-create"),
        {
            "collaborative": personas.ccr.public_id,
            "title": "Next year's CCR",
            "starts_at": far_ahead(),
            "duration_minutes": 90,
            "repeats": "weekly",
        },
    )
    assert response.status_code == 200
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


def test_the_api_refuses_it_the_same_way(personas, api_as) -> None:
    response = api_as(personas.coordinator).post(
        "/api/v1/meetings/",
        {
            "collaborative": str(personas.ccr.public_id),
            "title": "Next year's CCR",
            "starts_at": far_ahead(),
            "duration_minutes": 90,
            "rrule": "FREQ=WEEKLY",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()
