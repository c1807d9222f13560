"""`manage.py send_action_reminders [--commit]`: e-mail owners of action items that are
due soon or overdue. A dry run (the default) only says what it would send."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.meetings.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail reminders of action items due soon or overdue. Dry run unless --commit. "
        "Schedule it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--commit", action="store_true", help="Send the e-mails (default: dry run)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commit = bool(options["commit"])
        run = send_reminders(commit=commit)
        counts = run.counts()
        verb = "Sent" if commit else "Would send"
        self.stdout.write(
            f"{verb} {counts['messages']} message(s): {counts['due_soon']} action(s) due "
            f"soon, {counts['overdue']} overdue."
        )
        if not commit:
            self.stdout.write("Dry run: nothing sent. Run with --commit to send.")
