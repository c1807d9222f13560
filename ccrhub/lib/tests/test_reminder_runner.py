"""The reminder runner: a dry run marks and sends nothing; a commit marks, queues and
audits once with counts only, all in one transaction."""

import dataclasses

import pytest
from django.core import mail
from django.test import TestCase

from ccrhub.audit.models import AuditEvent
from ccrhub.lib import outbox, reminders

pytestmark = pytest.mark.django_db


class Marked(Exception):
    pass


def _plan(marked: list[str]) -> reminders.Plan:
    return reminders.Plan(
        "test.reminders_run",
        messages=[outbox.Message("Due soon", "One item.", ["ann@example.org"])],
        counts={"items": 1, "messages": 1},
        mark=lambda: marked.append("marked"),
    )


def test_a_dry_run_marks_nothing_sends_nothing_and_is_audited() -> None:
    marked: list[str] = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders.run(lambda: _plan(marked), commit=False)
    assert marked == [] and mail.outbox == []
    event = AuditEvent.objects.get(action="test.reminders_run")
    assert event.details == {"items": 1, "messages": 1, "dry_run": True}


def test_a_commit_marks_sends_after_commit_and_audits_counts_only() -> None:
    marked: list[str] = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders.run(lambda: _plan(marked), commit=True)
    assert marked == ["marked"]
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    event = AuditEvent.objects.get(action="test.reminders_run")
    assert "ann@example.org" not in str(event.details)


def test_a_failure_while_marking_sends_and_audits_nothing() -> None:
    def failing_mark() -> None:
        raise Marked

    def plan() -> reminders.Plan:
        return dataclasses.replace(_plan([]), mark=failing_mark)

    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(Marked):
        reminders.run(plan, commit=True)
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="test.reminders_run").exists()
