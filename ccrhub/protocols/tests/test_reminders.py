"""Review reminders: the coordinators hear about protocols whose review is due soon or
overdue, once a day at most."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.protocols import actions
from ccrhub.protocols.reminders import send_review_reminders
from ccrhub.protocols.tests.conftest import draft

pytestmark = pytest.mark.django_db


def test_coordinators_are_reminded_of_due_and_overdue_reviews_once_a_day(personas) -> None:
    today = timezone.localdate()
    draft(personas, title="Overdue protocol", review_due_on=today - datetime.timedelta(days=3))
    draft(personas, title="Soon protocol", review_due_on=today + datetime.timedelta(days=5))
    draft(personas, title="Later protocol", review_due_on=today + datetime.timedelta(days=90))
    retired = draft(personas, title="Retired protocol", review_due_on=today)
    actions.retire_protocol(retired, actor=personas.coordinator, version=retired.version)

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_protocol_reminders", "--days", "14", "--commit", stdout=StringIO())
    [message] = mail.outbox
    assert message.to == [personas.coordinator.email]
    assert "Overdue protocol" in message.body and "review overdue since" in message.body
    assert "Soon protocol" in message.body
    assert "Later protocol" not in message.body and "Retired protocol" not in message.body
    event = AuditEvent.objects.filter(action="protocol.review_reminders_sent").get()
    assert event.details == {"protocols": 2, "messages": 1}

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_protocol_reminders", "--days", "14", "--commit", stdout=StringIO())
    assert len(mail.outbox) == 1  # nothing twice the same day
    tomorrow = today + datetime.timedelta(days=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_review_reminders(today=tomorrow, days=14, commit=True)
    assert len(mail.outbox) == 2


def test_a_dry_run_sends_nothing(personas) -> None:
    draft(personas, review_due_on=timezone.localdate())
    out = StringIO()
    call_command("send_protocol_reminders", stdout=out)
    assert mail.outbox == [] and "Would send 1 message(s)" in out.getvalue()
