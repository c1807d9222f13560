"""`manage.py send_protocol_reminders [--days N] [--commit]`: e-mail coordinators about
protocols whose review is due within N days or overdue, once a day at most. A dry run
(the default) only says what it would send."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.protocols.reminders import default_days, send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail coordinators about protocol reviews due soon or overdue. Dry run unless "
        "--commit. Schedule it daily; a second run the same day sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Reviews due within this many days (default {default_days()}).",
        )
        parser.add_argument(
            "--commit", action="store_true", help="Send the e-mails (default: dry run)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commit = bool(options["commit"])
        run = send_review_reminders(days=options["days"], commit=commit)
        verb = "Sent" if commit else "Would send"
        self.stdout.write(
            f"{verb} {len(run.messages)} message(s) about {len(run.protocols)} protocol(s)."
        )
        if not commit:
            self.stdout.write("Dry run: nothing sent. Run with --commit to send.")
