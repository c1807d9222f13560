"""High-risk conferences follow the rules they share with CCR meetings
(`ccrhub.lib.sittings`): minutes, always restricted, go to the agencies that attended as
members (observers do not count); an action's status is its owning agency's to report."""

import datetime
from typing import Any

import pytest

from ccrhub.highrisk import actions
from ccrhub.highrisk.access import may_read_minutes, may_update_action
from ccrhub.highrisk.tests.conftest import conference, refer

pytestmark = pytest.mark.django_db


def attended(personas: Any, meeting: Any, agency: Any, kind: str) -> None:
    actions.record_attendance(
        meeting,
        agency=agency,
        person_name="Someone",
        kind=kind,
        confidentiality_signed=True,
        actor=personas.coordinator,
    )


def test_minutes_go_to_member_agencies_not_to_observers(personas: Any) -> None:
    meeting = conference(personas)
    attended(personas, meeting, personas.police, "member")
    attended(personas, meeting, personas.probation, "observer")
    assert may_read_minutes(personas.coordinator, meeting)
    assert may_read_minutes(personas.police_officer, meeting)
    assert not may_read_minutes(personas.probation_officer, meeting)
    assert not may_read_minutes(personas.prosecutor, meeting)  # did not attend


def test_the_owning_agency_reports_on_its_action(personas: Any) -> None:
    refer(personas)
    meeting = conference(personas)
    (entry,) = actions.build_agenda(meeting, actor=personas.coordinator)
    action = actions.record_action(
        entry,
        owner_agency=personas.police,
        risk_target="victim",
        description="Flag the address",
        due_on=datetime.date(2026, 3, 20),
        actor=personas.coordinator,
    )
    assert may_update_action(personas.coordinator, action)
    assert may_update_action(personas.police_officer, action)
    assert not may_update_action(personas.prosecutor, action)
    assert not may_update_action(personas.party_officer, action)  # police, but not in the team
