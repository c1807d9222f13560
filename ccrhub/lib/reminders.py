"""One reminder runner: plan → dry run → commit → audit.

An area supplies its plan: the messages (who gets what), the counts to audit, and how to
mark what was reminded. `run` asks for the plan inside one transaction; on commit it marks,
hands the messages to the outbox (they leave after commit), and in both cases audits the
run once, with counts only. The audit trail answers the `record_run` hook at start-up, so
`lib` imports no area.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ccrhub.lib import outbox
from ccrhub.lib.hooks import Hook, declare

record_run: Hook[Callable[..., Any]] = declare(
    "lib.reminders.record_run", answered_by="ccrhub.audit"
)


def _nothing_to_mark() -> None:
    return None


@dataclass
class Plan:
    audit_action: str
    messages: list[outbox.Message] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mark: Callable[[], None] = _nothing_to_mark
    # The area's own summary of what it found, handed back to its caller.
    found: Any = None


def run(make_plan: Callable[[], Plan], *, commit: bool) -> Plan:
    """Plan; with `commit`, mark and queue the messages. Audited once, counts only."""
    with transaction.atomic():
        plan = make_plan()
        if commit:
            plan.mark()
            outbox.send_all(plan.messages)
        record_run.ask(
            actor=None, action=plan.audit_action, details={**plan.counts, "dry_run": not commit}
        )
    return plan


class ReminderCommand(BaseCommand):
    """`manage.py <reminders> [--commit]`: a dry run unless `--commit`, then one line
    saying what was (or would be) sent. An area gives `send` and `summary`."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--commit", action="store_true", help="Send the e-mails (default: dry run)."
        )

    def send(self, *, commit: bool) -> Any:
        raise NotImplementedError

    def summary(self, sent: Any) -> str:
        """What was found, after "Sent" / "Would send"."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        commit = bool(options["commit"])
        sent = self.send(commit=commit)
        self.stdout.write(f"{'Sent' if commit else 'Would send'} {self.summary(sent)}")
        if not commit:
            self.stdout.write("Dry run: nothing sent. Run with --commit to send.")
