"""The coordinator builds the agenda (children first, repeats flagged, restricted cases
shown as "Restricted"), agencies return research and are chased, the meeting records
SMART actions, owners report on them, and persistent non-completion escalates."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from ccrhub.accounts.restrictions import restrict
from ccrhub.highrisk import actions, queries
from ccrhub.highrisk.models import Action, ConferenceCase, Referral
from ccrhub.highrisk.tests.conftest import conference, refer

pytestmark = pytest.mark.django_db


def _three(personas: Any) -> tuple[Referral, Referral, Referral]:
    plain = refer(personas, victim_ref="A", perpetrator_ref="B", on=datetime.date(2026, 3, 1))
    refer(personas, victim_ref="C", perpetrator_ref="D", on=datetime.date(2025, 9, 1))
    repeat = refer(personas, victim_ref="C", perpetrator_ref="D", on=datetime.date(2026, 3, 2))
    children = refer(
        personas,
        victim_ref="E",
        perpetrator_ref="F",
        on=datetime.date(2026, 3, 3),
        children_count=2,
        children_under_18=True,
    )
    return plain, repeat, children


def test_the_agenda_puts_children_first_then_repeats(personas: Any):
    plain, repeat, children = _three(personas)
    meeting = conference(personas)
    actions.build_agenda(meeting, actor=personas.coordinator)
    order = [entry.referral for entry in queries.agenda_of(meeting)]
    # The September referral was waiting too: it is the earliest plain one.
    assert order[0] == children and order[1] == repeat
    assert order.index(plain) > order.index(repeat)
    assert ConferenceCase.objects.get(referral=repeat).is_repeat
    plain.refresh_from_db()
    assert plain.status == "listed"


def test_a_restricted_case_shows_as_restricted(personas: Any, client_as: Any):
    plain, repeat, _children = _three(personas)
    restrict(repeat, actor=personas.coordinator, user=personas.police_officer)
    meeting = conference(personas)
    actions.build_agenda(meeting, actor=personas.coordinator)
    url = reverse("highrisk:conference-detail", args=[meeting.public_id])
    body = client_as(personas.police_officer).get(url).content.decode()
    assert "Restricted" in body
    assert str(repeat.public_id) not in body and str(plain.public_id) in body
    assert str(repeat.public_id) in client_as(personas.prosecutor).get(url).content.decode()


def test_agencies_return_research_and_the_missing_ones_are_chased(personas: Any, settings: Any):
    _three(personas)
    meeting = conference(personas, on=datetime.date(2026, 3, 12))
    entries = actions.build_agenda(meeting, actor=personas.coordinator)
    for entry in entries:
        actions.submit_return(
            entry, content="Two call-outs in February.", actor=personas.police_officer
        )
    missing = queries.missing_returns(meeting)
    assert personas.police.pk not in missing and personas.vsp.pk in missing
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = actions.chase_returns(meeting)
    assert sent == len(mail.outbox) > 0
    addressed = {address for message in mail.outbox for address in message.to}
    assert personas.police_officer.email not in addressed
    assert personas.advocate.email in addressed


def test_the_chasing_command_is_a_dry_run_unless_committed(personas: Any):
    from django.utils import timezone

    _three(personas)
    meeting = conference(personas, on=timezone.localdate() + datetime.timedelta(days=2))
    actions.build_agenda(meeting, actor=personas.coordinator)
    call_command("chase_research_returns")
    assert mail.outbox == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("chase_research_returns", "--commit")
    assert mail.outbox


def test_a_police_return_is_not_read_by_the_prosecutor(personas: Any, client_as: Any):
    _three(personas)
    meeting = conference(personas)
    entry = actions.build_agenda(meeting, actor=personas.coordinator)[0]
    actions.submit_return(entry, content="Firearms licence held.", actor=personas.police_officer)
    url = reverse("highrisk:meeting", args=[meeting.public_id])
    assert "Firearms licence held." in client_as(personas.coordinator).get(url).content.decode()
    assert "Firearms licence held." not in client_as(personas.prosecutor).get(url).content.decode()


def test_the_meeting_records_actions_and_an_owner_marks_one_done(personas: Any, client_as: Any):
    _three(personas)
    meeting = conference(personas)
    entry = actions.build_agenda(meeting, actor=personas.coordinator)[0]
    coordinator = client_as(personas.coordinator)
    create = reverse("highrisk:action-create", args=[entry.public_id])
    for text, agency in (
        ("Flag the address on police systems", personas.police),
        ("Safety plan review with the survivor", personas.vsp),
    ):
        response = coordinator.post(
            create,
            {
                "description": text,
                "risk_target": "victim",
                "owner_agency": agency.public_id,
                "due_on": "2026-03-26",
            },
        )
        assert response.status_code == 302
    coordinator.post(reverse("highrisk:case-discussed", args=[entry.public_id]), {"seconds": "740"})
    entry.refresh_from_db()
    assert entry.discussed and entry.seconds_spent == 740
    police_action = Action.objects.get(owner_agency=personas.police)
    url = reverse("highrisk:action-detail", args=[police_action.public_id])
    officer = client_as(personas.police_officer)
    assert officer.post(url, {"version": 1, "status": "complete"}).status_code == 302
    police_action.refresh_from_db()
    assert police_action.status == "complete" and police_action.completed_at
    # Another agency's staff may read but not report on it.
    vsp_action = Action.objects.get(owner_agency=personas.vsp)
    other = reverse("highrisk:action-detail", args=[vsp_action.public_id])
    assert officer.post(other, {"version": 1, "status": "complete"}).status_code == 403


def test_not_completed_needs_a_reason(personas: Any):
    _three(personas)
    meeting = conference(personas)
    entry = actions.build_agenda(meeting, actor=personas.coordinator)[0]
    action = actions.record_action(
        entry,
        owner_agency=personas.police,
        risk_target="perpetrator",
        description="Bail check",
        due_on=datetime.date(2026, 3, 20),
        actor=personas.coordinator,
    )
    with pytest.raises(ValidationError):
        actions.update_action(
            action, version=1, changes={"status": "not_done"}, actor=personas.police_officer
        )
    with pytest.raises(actions.StaleVersion):
        actions.update_action(
            action, version=7, changes={"status": "complete"}, actor=personas.police_officer
        )


def test_open_past_due_at_two_conferences_escalates(personas: Any, client_as: Any):
    _three(personas)
    first = conference(personas, on=datetime.date(2026, 1, 8))
    entry = actions.build_agenda(first, actor=personas.coordinator)[0]
    stuck = actions.record_action(
        entry,
        owner_agency=personas.probation,
        risk_target="perpetrator",
        description="Home visit",
        due_on=datetime.date(2026, 1, 20),
        actor=personas.coordinator,
    )
    fresh = actions.record_action(
        entry,
        owner_agency=personas.police,
        risk_target="victim",
        description="Marker",
        due_on=datetime.date(2026, 3, 1),
        actor=personas.coordinator,
    )
    actions.close_conference(first, actor=personas.coordinator)
    second = conference(personas, on=datetime.date(2026, 2, 12))
    actions.close_conference(second, actor=personas.coordinator)
    third = conference(personas, on=datetime.date(2026, 3, 12))
    actions.close_conference(third, actor=personas.coordinator)
    listed = list(queries.escalations(personas.marac.pk, datetime.date(2026, 3, 13)))
    assert stuck in listed and fresh not in listed
    page = client_as(personas.coordinator).get(reverse("highrisk:escalations"))
    assert "Home visit" in page.content.decode()
    assert (
        client_as(personas.police_officer).get(reverse("highrisk:escalations")).status_code == 403
    )
    report = client_as(personas.probation_officer).get(
        reverse("highrisk:action-report", args=[third.public_id])
    )
    assert "Home visit" in report.content.decode()


def test_minutes_are_for_attending_agencies_only(
    personas: Any, client_as: Any, django_capture_on_commit_callbacks: Any
):
    meeting = conference(personas)
    actions.record_attendance(
        meeting,
        agency=personas.police,
        person_name="Sgt. Reyes",
        kind="member",
        confidentiality_signed=True,
        actor=personas.coordinator,
    )
    meeting = actions.save_minutes(
        meeting, version=1, text="Agreed safety measures.", actor=personas.coordinator
    )
    url = reverse("highrisk:minutes", args=[meeting.public_id])
    assert "Agreed safety measures." in client_as(personas.police_officer).get(url).content.decode()
    assert client_as(personas.prosecutor).get(url).status_code == 404
    assert client_as(personas.outsider).get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.distribute_minutes(meeting, actor=personas.coordinator)
    recipients = {address for message in mail.outbox for address in message.to}
    assert sent and personas.police_officer.email in recipients
    assert personas.prosecutor.email not in recipients
    assert all("Agreed safety measures." not in message.body for message in mail.outbox)


def test_attendance_needs_the_confidentiality_statement(personas: Any):
    meeting = conference(personas)
    with pytest.raises(ValidationError):
        actions.record_attendance(
            meeting,
            agency=personas.police,
            person_name="X",
            kind="member",
            confidentiality_signed=False,
            actor=personas.coordinator,
        )


def test_twelve_months_passed_are_listed(personas: Any):
    old = refer(personas, victim_ref="G", perpetrator_ref="H", on=datetime.date(2025, 3, 1))
    meeting = conference(personas, on=datetime.date(2026, 3, 12))
    assert old in queries.twelve_months_passed(meeting)
