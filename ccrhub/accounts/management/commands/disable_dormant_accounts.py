"""`manage.py disable_dormant_accounts [--commit]`: switch off accounts unused for
DORMANT_ACCOUNT_DAYS (90) days (S17). Without --commit it only lists how many."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ccrhub.accounts.actions import deactivate_user
from ccrhub.accounts.queries import dormant_users


class Command(BaseCommand):
    help = "Deactivate accounts with no sign-in, activity or token use for too long."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Deactivate them for real.")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=settings.DORMANT_ACCOUNT_DAYS)
        users = list(dormant_users(cutoff))
        if not options["commit"]:
            self.stdout.write(
                f"{len(users)} dormant account(s) would be deactivated; run with --commit."
            )
            return
        for user in users:
            deactivate_user(user, actor=None, reason="dormant")
        self.stdout.write(f"{len(users)} dormant account(s) deactivated.")
