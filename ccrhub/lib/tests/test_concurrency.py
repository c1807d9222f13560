"""save_if_current: the one way a versioned row is written (S29). Told with a meeting of
the Riverbend CCR, whose coordinator and chair edit it at the same time."""

import datetime
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from ccrhub.lib.concurrency import StaleVersion, save_if_current
from ccrhub.meetings import actions
from ccrhub.meetings.models import Meeting, MinutesStatus


@pytest.fixture
def meeting(personas: Any) -> Meeting:
    return actions.schedule_meeting(
        personas.ccr,
        title="Riverbend CCR meeting",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        location="Room 204",
        actor=personas.coordinator,
    )


def test_the_first_editor_wins_and_the_second_writes_nothing(meeting: Meeting) -> None:
    read_by_both = meeting.version
    chairs_copy = Meeting.objects.get(pk=meeting.pk)

    save_if_current(meeting, read_by_both, {"location": "Room 101"})
    with pytest.raises(StaleVersion):
        save_if_current(chairs_copy, read_by_both, {"location": "Town hall"})

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.location, stored.version) == ("Room 101", read_by_both + 1)
    assert (meeting.location, meeting.version) == ("Room 101", read_by_both + 1)


def test_updated_at_moves_and_expressions_are_read_back(meeting: Meeting) -> None:
    before = Meeting.objects.values_list("updated_at", "sequence").get(pk=meeting.pk)

    save_if_current(meeting, meeting.version, {"sequence": F("sequence") + 1})

    assert meeting.sequence == before[1] + 1
    assert meeting.updated_at > before[0]


def test_a_condition_that_no_longer_holds_is_a_stale_write(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.APPROVED)

    with pytest.raises(StaleVersion):
        save_if_current(
            meeting,
            meeting.version,
            {"minutes": "Edited after approval"},
            where={"minutes_status": MinutesStatus.DRAFT},
        )

    assert Meeting.objects.get(pk=meeting.pk).minutes == ""
