"""Details, minutes and their approval change in one action, `change_meeting`, which the
API's PATCH calls: a refused step leaves the meeting as it was."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ccrhub.meetings import actions
from ccrhub.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_coordinator_renames_and_approves_minutes_at_once(personas: Any, meeting) -> None:
    actions.change_meeting(
        meeting,
        version=meeting.version,
        changes={"title": "Quarterly CCR"},
        minutes="Agreed the protocol review.",
        approve=True,
        actor=personas.coordinator,
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.title == "Quarterly CCR" and meeting.minutes_approved


def test_approving_empty_minutes_keeps_the_old_title(personas: Any, meeting) -> None:
    with pytest.raises(ValidationError):
        actions.change_meeting(
            meeting,
            version=meeting.version,
            changes={"title": "Renamed"},
            approve=True,
            actor=personas.coordinator,
        )
    assert Meeting.objects.get(pk=meeting.pk).title == "Riverbend CCR meeting"
