"""`manage.py clear_stale_imports [--minutes N]`: fail imports a dead worker left running.

Run it before starting the worker (the systemd unit does) and on a schedule.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.cases.imports import clear_stale_jobs


class Command(BaseCommand):
    help = "Mark imports still 'running' after N minutes as failed (nothing was stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        cleared = clear_stale_jobs(datetime.timedelta(minutes=minutes))
        self.stdout.write(f"{cleared} interrupted imports marked as failed.")
