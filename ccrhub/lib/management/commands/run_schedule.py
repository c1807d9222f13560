"""`manage.py run_schedule`: run the periodic jobs of `CCRHUB_SCHEDULE` when they fall due."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ccrhub.lib import schedule


class Command(BaseCommand):
    help = "Run the scheduled jobs when due, one at a time (--once: what is due now, then exit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs due this minute and exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = schedule.minute(timezone.now())
        if options["once"]:
            self._run(now - datetime.timedelta(minutes=1), now)
            return
        last = now
        while True:
            time.sleep(60 - timezone.localtime().second)
            now = schedule.minute(timezone.now())
            if now > last:
                self._run(last, now)
                last = now

    def _run(self, after: datetime.datetime, until: datetime.datetime) -> None:
        due = schedule.due(after, until)
        results = schedule.run_jobs(due, today=until.date(), runner=schedule.run_in_own_process)
        for name, status in results.items():
            self.stdout.write(f"{name}: {'done' if status == 0 else f'failed ({status})'}")
