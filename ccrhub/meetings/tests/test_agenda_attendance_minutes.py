"""Building the agenda (templates too), recording attendance, and minutes from draft to
approved: the coordinator's work, each step audited; members read, never write."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions
from ccrhub.meetings.access import may_read_minutes
from ccrhub.meetings.actions import AttendanceEntry
from ccrhub.meetings.models import AgendaItem, Attendance, MinutesStatus

from .conftest import last_event_id, new_actions

pytestmark = pytest.mark.django_db


def _url(name, meeting, **extra):
    return reverse(f"meetings:{name}", kwargs={"public_id": meeting.public_id, **extra})


def test_the_coordinator_builds_an_agenda_with_a_template(personas, client_as, meeting) -> None:
    client = client_as(personas.coordinator)
    mark = last_event_id()
    client.post(
        _url("agenda-add", meeting),
        {"title": "Arrest figures", "owner": personas.police_officer.public_id, "minutes": 20},
    )
    client.post(_url("agenda-template", meeting), {"template": "avoid_or_stop"})
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [i.title for i in items] == ["Arrest figures", "What can we avoid or stop doing?"]
    assert items[0].owner == personas.police_officer and items[0].minutes == 20
    assert "Where do victims fall through the cracks?" in items[1].prompts
    assert new_actions(mark) == ["agenda.item_added", "agenda.item_added"]
    page = client.get(_url("meeting-detail", meeting))
    assert b"Where do victims fall through the cracks?" in page.content


def test_removing_an_agenda_item_is_audited(personas, client_as, meeting) -> None:
    item = actions.add_agenda_item(meeting, title="Welcome", actor=personas.coordinator)
    client = client_as(personas.coordinator)
    mark = last_event_id()
    client.post(_url("agenda-remove", meeting, item_id=item.public_id))
    assert not AgendaItem.objects.exists()
    assert new_actions(mark) == ["agenda.item_removed"]


def test_a_member_cannot_change_the_agenda(personas, client_as, meeting) -> None:
    response = client_as(personas.prosecutor).post(
        _url("agenda-add", meeting), {"title": "Mine", "minutes": 5}
    )
    assert response.status_code == 403 and not AgendaItem.objects.exists()


def test_an_agenda_owner_must_hold_a_role_in_the_collaborative(personas, meeting) -> None:
    with pytest.raises(ValidationError):
        actions.add_agenda_item(
            meeting, title="X", owner=personas.outsider, actor=personas.coordinator
        )


def test_attendance_is_recorded_per_person_with_the_statement(personas, client_as, meeting):
    client = client_as(personas.coordinator)
    officer, advocate = personas.police_officer, personas.advocate
    mark = last_event_id()
    response = client.post(
        _url("attendance-edit", meeting),
        {
            f"status_{officer.public_id.hex}": "present",
            f"signed_{officer.public_id.hex}": "on",
            f"status_{advocate.public_id.hex}": "apologies",
            f"status_{personas.community_member.public_id.hex}": "observer",
        },
    )
    assert response.status_code == 302
    rows = {a.user: a for a in Attendance.objects.filter(meeting=meeting)}
    assert rows[officer].status == "present" and rows[officer].confidentiality_signed
    assert rows[officer].agency == personas.police
    assert rows[advocate].status == "apologies" and not rows[advocate].confidentiality_signed
    assert len(rows) == 3
    event = AuditEvent.objects.get(pk__gt=mark)
    assert event.action == "meeting.attendance_recorded"
    assert event.details == {
        "present": 1,
        "apologies": 1,
        "observer": 1,
        "confidentiality_signed": 1,
    }


def test_minutes_go_from_draft_to_approved(personas, client_as, meeting) -> None:
    client = client_as(personas.coordinator)
    mark = last_event_id()
    client.post(
        _url("minutes-edit", meeting),
        {"minutes": "Dual arrests fell.", "version": meeting.version},
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Dual arrests fell." and meeting.minutes_status == "draft"
    client.post(_url("minutes-approve", meeting), {"version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED
    assert meeting.minutes_approved_by == personas.coordinator
    assert new_actions(mark) == ["minutes.saved", "minutes.approved"]
    saved = AuditEvent.objects.filter(action="minutes.saved").get()
    assert "Dual" not in str(saved.details)
    with pytest.raises(ValidationError):
        actions.save_minutes(
            meeting,
            version=meeting.version,
            text="later",
            restricted=False,
            actor=personas.coordinator,
        )


def test_a_second_editor_gets_a_conflict_and_keeps_their_text(personas, client_as, meeting):
    read_version = meeting.version
    first, second = client_as(personas.coordinator), client_as(personas.coordinator)
    first.post(_url("minutes-edit", meeting), {"minutes": "First text.", "version": read_version})
    response = second.post(
        _url("minutes-edit", meeting), {"minutes": "Second text.", "version": read_version}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved these minutes" in body
    assert "Second text." in body and "First text." in body
    meeting.refresh_from_db()
    assert meeting.minutes == "First text."
    assert response.context["form"]["version"].value() == str(meeting.version)


def test_drafts_are_for_the_coordinator_and_approved_minutes_for_members(personas, meeting):
    actions.save_minutes(
        meeting, version=1, text="Notes", restricted=False, actor=personas.coordinator
    )
    meeting.refresh_from_db()
    assert may_read_minutes(personas.coordinator, meeting)
    assert not may_read_minutes(personas.police_officer, meeting)
    actions.approve_minutes(meeting, version=meeting.version, actor=personas.coordinator)
    assert may_read_minutes(personas.police_officer, meeting)
    assert may_read_minutes(personas.community_member, meeting)


def test_restricted_minutes_are_read_only_by_attending_agencies(personas, client_as, meeting):
    coordinator = personas.coordinator
    actions.record_attendance(
        meeting,
        entries=[
            AttendanceEntry(personas.police_officer, "present", True),
            AttendanceEntry(personas.community_member, "observer", True),
            AttendanceEntry(personas.prosecutor, "apologies"),
        ],
        actor=coordinator,
    )
    meeting.refresh_from_db()
    meeting = actions.save_minutes(
        meeting,
        version=meeting.version,
        text="Restricted notes",
        restricted=True,
        actor=coordinator,
    )
    actions.approve_minutes(meeting, version=meeting.version, actor=coordinator)
    url = _url("meeting-detail", meeting)
    # The police department attended: its officer and his colleague read them.
    assert b"Restricted notes" in client_as(personas.police_officer).get(url).content
    assert b"Restricted notes" in client_as(personas.party_officer).get(url).content
    # The observer's agency and the agency that sent apologies did not attend.
    for persona in (personas.community_member, personas.prosecutor, personas.advocate):
        page = client_as(persona).get(url)
        assert page.status_code == 200
        assert b"Restricted notes" not in page.content
        assert b"restricted to the agencies that attended" in page.content
