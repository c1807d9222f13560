"""`send_chasing_digest`: counts and a link by e-mail, never a case; audited once a run."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def overdue(personas, ccr_case):
    """An unanswered violation (probation's) and an unserved order (the police's)."""
    actions.record_violation(
        ccr_case, kind="technical", detected_on=days_ago(10), actor=personas.probation_officer
    )
    actions.issue_order(
        ccr_case,
        kind="no_contact",
        issued_on=days_ago(6),
        issued_by=personas.court,
        actor=personas.coordinator,
    )
    return ccr_case


def run(*args: str) -> str:
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_chasing_digest", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_counts_sends_nothing_and_names_no_one(personas, overdue, mailoutbox):
    output = run()

    assert "would be sent" in output
    assert "violations=2" in output  # probation officer and coordinator
    assert mailoutbox == []
    assert "@" not in output
    assert overdue.external_ref not in output
    assert not AuditEvent.objects.filter(action="chasing.digest_sent").exists()


def test_commit_sends_one_digest_per_person_with_something_to_chase(personas, overdue, mailoutbox):
    output = run("--commit")

    recipients = sorted(message.to[0] for message in mailoutbox)
    # Police: the order (officer, party officer, admin); probation: the violation;
    # the coordinator: both. Nobody else has anything to chase.
    assert recipients == sorted(
        user.email
        for user in (
            personas.coordinator,
            personas.police_officer,
            personas.party_officer,
            personas.agency_admin,
            personas.probation_officer,
        )
    )
    assert "5 digest(s) sent" in output
    coordinator_mail = next(m for m in mailoutbox if m.to == [personas.coordinator.email])
    assert "Violations without a response: 1" in coordinator_mail.body
    assert "Orders not served: 1" in coordinator_mail.body
    assert "/chasing/" in coordinator_mail.body


def test_the_email_carries_no_case_detail(personas, overdue, mailoutbox):
    run("--commit")

    for message in mailoutbox:
        text = message.subject + message.body
        assert overdue.external_ref not in text
        assert str(overdue.public_id) not in text
        assert personas.court.name not in text


def test_a_run_is_audited_once_with_counts(personas, overdue, mailoutbox):
    run("--commit")

    events = AuditEvent.objects.filter(action="chasing.digest_sent")
    assert events.count() == 1
    assert events.get().details == {
        "recipients": 5,
        "violations": 2,
        "bip_referrals": 0,
        "unserved_orders": 4,
    }


def test_nobody_is_mailed_when_nothing_is_overdue(personas, ccr_case, mailoutbox):
    output = run("--commit")

    assert mailoutbox == []
    assert "0 digest(s) sent" in output
