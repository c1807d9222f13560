"""CCR meetings follow the rules they share with high-risk conferences (`ccrhub.lib.sittings`):
only agencies with someone present read restricted minutes, and an action's status is
its owning agency's to report."""

from typing import Any

import pytest

from ccrhub.meetings import actions
from ccrhub.meetings.access import may_read_minutes, may_update_action
from ccrhub.meetings.actions import AttendanceEntry
from ccrhub.meetings.models import Meeting
from ccrhub.meetings.tests.conftest import next_week

pytestmark = pytest.mark.django_db


def restricted_minutes_approved(personas: Any, meeting: Meeting) -> Meeting:
    coordinator = personas.coordinator
    actions.record_attendance(
        meeting,
        entries=[
            AttendanceEntry(personas.police_officer, "present", True),
            AttendanceEntry(personas.advocate, "apologies"),
            AttendanceEntry(personas.probation_officer, "observer", True),
        ],
        actor=coordinator,
    )
    meeting.refresh_from_db()
    meeting = actions.save_minutes(
        meeting, version=meeting.version, text="Agreed.", restricted=True, actor=coordinator
    )
    return actions.approve_minutes(meeting, version=meeting.version, actor=coordinator)


def test_restricted_minutes_go_to_agencies_that_were_present(personas: Any, meeting) -> None:
    meeting = restricted_minutes_approved(personas, meeting)
    assert may_read_minutes(personas.coordinator, meeting)
    assert may_read_minutes(personas.party_officer, meeting)  # a colleague of who came
    assert not may_read_minutes(personas.advocate, meeting)  # sent apologies
    assert not may_read_minutes(personas.probation_officer, meeting)  # only observed
    assert not may_read_minutes(personas.analyst, meeting)  # sees no meetings


def test_an_owner_who_moved_agency_no_longer_reports_on_the_action(personas: Any) -> None:
    item = actions.create_action_item(
        personas.ccr,
        meeting=None,
        title="Share the figures",
        owner_agency=personas.police,
        owner=personas.police_officer,
        due_on=next_week().date(),
        actor=personas.coordinator,
    )
    officer = personas.police_officer
    assert may_update_action(officer, item)
    officer.agency = personas.prosecutor_office
    officer.save(update_fields=["agency"])
    assert not may_update_action(officer, item)
    assert may_update_action(personas.party_officer, item)  # the owning agency's staff
    assert may_update_action(personas.coordinator, item)
