"""One scheduler runs the declared jobs when due, one at a time, and survives a failure."""

import datetime
import io
import logging
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core.management import call_command, get_commands

from ccrhub.lib import schedule

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def ran(monkeypatch: Any) -> list[list[str]]:
    calls: list[list[str]] = []

    def runner(argv: list[str]) -> int:
        calls.append(argv)
        return 1 if argv[0] == "purge" else 0

    monkeypatch.setattr(schedule, "run_in_own_process", runner)
    return calls


def test_every_scheduled_command_exists() -> None:
    assert {job.command for job in schedule.jobs()} <= set(get_commands())


@time_machine.travel(datetime.datetime(2026, 3, 12, 7, 0, 20, tzinfo=CHICAGO), tick=False)
def test_once_at_seven_runs_the_action_reminders_only(ran: list[list[str]]) -> None:
    call_command("run_schedule", "--once", stdout=io.StringIO())
    assert ran == [["send_action_reminders", "--commit"]]


@time_machine.travel(datetime.datetime(2026, 3, 14, 7, 30, tzinfo=CHICAGO), tick=False)
def test_the_chasing_digest_is_for_weekdays(ran: list[list[str]]) -> None:
    call_command("run_schedule", "--once", stdout=io.StringIO())  # a Saturday
    assert ran == []


@time_machine.travel(datetime.datetime(2026, 3, 16, 7, 30, tzinfo=CHICAGO), tick=False)
def test_the_chasing_digest_runs_on_monday(ran: list[list[str]]) -> None:
    call_command("run_schedule", "--once", stdout=io.StringIO())
    assert ran == [["send_chasing_digest", "--commit"]]


@time_machine.travel(datetime.datetime(2026, 3, 12, 2, 15, tzinfo=CHICAGO), tick=False)
def test_the_backup_file_is_named_by_the_day(ran: list[list[str]], settings: Any) -> None:
    call_command("run_schedule", "--once", stdout=io.StringIO())
    assert ran == [["backup", settings.CCRHUB_BACKUP_DIR + "/ccrhub-2026-03-12.ccrb"]]


def test_a_failing_job_is_logged_and_the_next_still_runs(
    ran: list[list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ccrhub.lib.schedule")
    night = [job for job in schedule.jobs() if job.name in {"purge", "audit_chain"}]
    results = schedule.run_jobs(
        night, today=datetime.date(2026, 3, 12), runner=schedule.run_in_own_process
    )
    assert results == {"purge": 1, "audit_chain": 0}
    assert ran == [["purge", "--commit"], ["verify_audit_chain"]]
    assert "purge failed with exit status 1" in caplog.text
    assert "audit_chain finished" in caplog.text


def test_jobs_missed_while_one_ran_long_run_once_each() -> None:
    after = datetime.datetime(2026, 3, 12, 6, 59, tzinfo=CHICAGO)
    until = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=CHICAGO)  # two hours late
    names = [job.name for job in schedule.due(after, until)]
    assert names.count("ended_sessions") == 1
    assert "action_reminders" in names and "chasing_digest" in names
