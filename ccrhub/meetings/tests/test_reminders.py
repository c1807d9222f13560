"""`send_action_reminders`: before the due date and when overdue, one e-mail per person,
dry run by default, audited once per run with counts and nothing personal."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions
from ccrhub.meetings.reminders import send_reminders

pytestmark = pytest.mark.django_db


def item(personas, *, due_in, agency=None, owner=None, title="Share figures"):
    return actions.create_action_item(
        personas.ccr,
        title=title,
        owner_agency=agency or personas.police,
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in),
        actor=personas.coordinator,
    )


def test_a_dry_run_sends_nothing_and_says_what_it_would(personas) -> None:
    item(personas, due_in=-2, owner=personas.police_officer)
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert mail.outbox == []
    assert "Would send 1 message(s)" in out.getvalue() and "Dry run" in out.getvalue()
    event = AuditEvent.objects.get(action="action_item.reminders_run")
    assert event.details == {"due_soon": 0, "overdue": 1, "messages": 1, "dry_run": True}


def test_commit_sends_one_message_per_person_once(personas) -> None:
    item(personas, due_in=2, owner=personas.police_officer, title="Due soon one")
    item(personas, due_in=-3, owner=personas.police_officer, title="Overdue one")
    item(personas, due_in=30, owner=personas.police_officer, title="Far off")
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_action_reminders", "--commit", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.police_officer.email]
    assert "Due soon one" in message.body and "Overdue one" in message.body
    assert "Far off" not in message.body and "/meetings/actions/" in message.body
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_action_reminders", "--commit", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    events = AuditEvent.objects.filter(action="action_item.reminders_run").order_by("pk")
    assert [e.details["messages"] for e in events] == [1, 0]
    assert all("@" not in str(e.details) for e in events)


def test_an_agency_owned_action_reminds_the_agencys_people(personas) -> None:
    item(personas, due_in=-1, agency=personas.probation)
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True)
    assert [m.to for m in mail.outbox] == [[personas.probation_officer.email]]


def test_overdue_reminders_come_back_after_a_week(personas) -> None:
    late = item(personas, due_in=-1, owner=personas.police_officer)
    today = timezone.localdate()
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True, today=today)
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True, today=today + datetime.timedelta(days=3))
    assert len(mail.outbox) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True, today=today + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2
    actions.update_action_item(
        late, version=1, changes={"status": "done"}, actor=personas.police_officer
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True, today=today + datetime.timedelta(days=14))
    assert len(mail.outbox) == 2
