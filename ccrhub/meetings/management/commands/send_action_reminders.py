"""`manage.py send_action_reminders [--commit]`: e-mail owners of action items that are
due soon or overdue. A dry run (the default) only says what it would send."""

from typing import Any

from ccrhub.lib.reminders import ReminderCommand
from ccrhub.meetings.reminders import send_reminders


class Command(ReminderCommand):
    help = "E-mail reminders of action items due soon or overdue. Dry run unless --commit."

    def send(self, *, commit: bool) -> Any:
        return send_reminders(commit=commit)

    def summary(self, sent: Any) -> str:
        counts = sent.counts()
        return (
            f"{counts['messages']} message(s): {counts['due_soon']} action(s) due "
            f"soon, {counts['overdue']} overdue."
        )
