"""`manage.py chase_research_returns [--days N] [--commit]`: e-mail member agencies
that have not returned research for every case on the agenda of a high-risk
conference held within N days. A dry run (the default) only says what it would send."""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ccrhub.highrisk.actions import chase_returns
from ccrhub.highrisk.models import Conference, ConferenceStatus
from ccrhub.highrisk.queries import missing_returns


class Command(BaseCommand):
    help = "Chase missing research returns before high-risk conferences. Schedule it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.CCRHUB_HIGHRISK_CHASE_DAYS)
        parser.add_argument("--commit", action="store_true", help="Send (default: dry run).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        until = today + datetime.timedelta(days=int(options["days"]))
        conferences = Conference.objects.filter(
            held_on__range=(today, until), status=ConferenceStatus.PLANNED
        ).select_related("collaborative")
        total = 0
        for conference in conferences:
            if options["commit"]:
                total += chase_returns(conference)
            else:
                total += len(missing_returns(conference))
        if options["commit"]:
            self.stdout.write(f"Sent {total} message(s).")
        else:
            self.stdout.write(
                f"Would chase {total} agency return set(s). Dry run: run with --commit to send."
            )
