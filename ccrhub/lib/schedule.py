"""Periodic jobs, declared once in code (`CCRHUB_SCHEDULE` in settings) and run by one
scheduler: `python manage.py run_schedule` (`make run` starts it beside the worker; in
production, the `ccrhub-scheduler` systemd unit).

A job is a cron expression, in the site's time zone, and a management command with its
arguments. The scheduler wakes every minute and runs each job that fell due since it last
looked, one at a time, each in its own process, so a failing or crashing job never stops
the others. It logs start, end and failure by job name and exit status only.
"""

import datetime
import logging
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cronsim import CronSim
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    command: str
    args: tuple[str, ...] = ()

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        return next(CronSim(self.cron, moment))

    def due_between(self, after: datetime.datetime, until: datetime.datetime) -> bool:
        """Did the job fall due after `after` and no later than `until`?"""
        return self.next_after(after) <= until

    def argv(self, today: datetime.date) -> list[str]:
        # `{today}` lets a job name its output by date (the nightly backup file).
        return [self.command, *(arg.format(today=today.isoformat()) for arg in self.args)]


def jobs() -> list[Job]:
    return [Job(*entry) for entry in settings.CCRHUB_SCHEDULE]


def minute(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def due(after: datetime.datetime, until: datetime.datetime) -> list[Job]:
    return [job for job in jobs() if job.due_between(after, until)]


def run_in_own_process(argv: list[str]) -> int:
    """Run one management command as `python manage.py ...`; its exit status."""
    manage = str(settings.BASE_DIR / "manage.py")
    # The command line comes from CCRHUB_SCHEDULE in settings, never from input.
    return subprocess.run([sys.executable, manage, *argv], check=False).returncode  # noqa: S603


Runner = Callable[[list[str]], int]


def run_jobs(due_jobs: Iterable[Job], *, today: datetime.date, runner: Runner) -> dict[str, int]:
    """Run each job in turn; a failure is logged and the next job still runs."""
    results = {}
    for job in due_jobs:
        logger.info("schedule: %s started", job.name)
        status = runner(job.argv(today))
        if status == 0:
            logger.info("schedule: %s finished", job.name)
        else:
            logger.error("schedule: %s failed with exit status %s", job.name, status)
        results[job.name] = status
    return results
