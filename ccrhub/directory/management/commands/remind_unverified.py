"""`manage.py remind_unverified [--commit]`: e-mail the people who keep directory
entries nobody has verified for CCRHUB_DIRECTORY_VERIFY_DAYS. A dry run (the default)
only says what it would send. Scheduled daily (`CCRHUB_SCHEDULE`)."""

from typing import Any

from ccrhub.directory.models import verify_days
from ccrhub.directory.reminders import send_reminders
from ccrhub.lib.reminders import ReminderCommand


class Command(ReminderCommand):
    help = (
        "E-mail reminders to verify directory entries not verified for "
        "CCRHUB_DIRECTORY_VERIFY_DAYS. Dry run unless --commit."
    )

    def send(self, *, commit: bool) -> Any:
        return send_reminders(commit=commit)

    def summary(self, sent: Any) -> str:
        counts = sent.counts()
        entries = "entry" if counts["services"] == 1 else "entries"
        return (
            f"{counts['messages']} message(s) about {counts['services']} {entries} "
            f"not verified for {verify_days()} days."
        )
