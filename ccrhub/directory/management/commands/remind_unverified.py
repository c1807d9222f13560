"""`manage.py remind_unverified [--commit]`: e-mail the people who keep directory
entries nobody has verified for CCRHUB_DIRECTORY_VERIFY_DAYS. A dry run (the default)
only says what it would send. Schedule it daily."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.directory.models import verify_days
from ccrhub.directory.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail reminders to verify directory entries not verified for "
        "CCRHUB_DIRECTORY_VERIFY_DAYS. Dry run unless --commit. Schedule it daily."
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
            f"{verb} {counts['messages']} message(s) about {counts['services']} entr"
            f"{'y' if counts['services'] == 1 else 'ies'} not verified for {verify_days()} days."
        )
        if not commit:
            self.stdout.write("Dry run: nothing sent. Run with --commit to send.")
