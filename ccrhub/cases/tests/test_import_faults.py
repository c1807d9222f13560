"""Imports under faults (S32): a worker killed with SIGKILL, a database connection cut,
a full disk. Whatever happens, nothing is half-written: the events of a file are all
there (and the job says completed) or none are, and the person is told plainly."""

import datetime
import errno
import io
import time

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from ccrhub.cases import imports
from ccrhub.cases.models import Case, Event, ImportJob, ImportStatus
from ccrhub.lib.tests.processes import kill_when_busy, manage_py

ROWS = 60_000


@pytest.fixture
def uploads_in(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }


def big_file(police_code: str) -> bytes:
    out = io.StringIO()
    out.write("case_ref,offender_ref,stage,occurred_on,agency,outcome\n")
    stages = [("incident", ""), ("arrest", "single"), ("charge_filed", "")]
    for n in range(ROWS):
        stage, outcome = stages[n % 3]
        out.write(f"F-{n // 3},P-{n // 3},{stage},2025-{1 + n % 12:02d}-0{1 + n % 3},")
        out.write(f"{police_code},{outcome}\n")
    return out.getvalue().encode()


def wait_for(job: ImportJob, condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return True
        time.sleep(0.05)
    return False


def run_in_worker(job: ImportJob):
    code = f"from ccrhub.cases.imports import run_import; run_import('{job.public_id}')"
    return manage_py("shell", "-c", code)


def assert_all_or_nothing(job: ImportJob) -> None:
    job.refresh_from_db()
    events = Event.objects.filter(case__external_ref__startswith="F-").count()
    if job.status == ImportStatus.COMPLETED:
        assert events == ROWS
    else:
        assert events == 0
        assert not Case.objects.filter(external_ref__startswith="F-").exists()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("fault tests run against the production engine, PostgreSQL")


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_is_then_failed(
    postgres_only, personas, uploads_in
):
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=ContentFile(big_file(personas.police.short_code), name="f.csv"),
        actor=personas.police_officer,
    )
    worker = run_in_worker(job)
    assert wait_for(job, lambda j: j.status == ImportStatus.RUNNING and j.rows_done > 0)
    assert kill_when_busy(worker, after_seconds=0.5)

    assert_all_or_nothing(job)
    assert job.status == ImportStatus.RUNNING  # the worker died before it could say so
    assert imports.clear_stale_jobs(datetime.timedelta(0)) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "nothing was stored" in job.errors[0]["message"]


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_a_database_connection_cut_while_committing_leaves_nothing(
    postgres_only, personas, uploads_in
):
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=ContentFile(big_file(personas.police.short_code), name="f.csv"),
        actor=personas.police_officer,
    )
    worker = run_in_worker(job)
    # Validation done: the worker is writing the rows in its one transaction.
    assert wait_for(job, lambda j: j.rows_total and j.rows_done == j.rows_total)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state <> 'idle'"
        )
    worker.wait(timeout=60)

    assert_all_or_nothing(job)
    if job.status != ImportStatus.COMPLETED:
        imports.clear_stale_jobs(datetime.timedelta(0))
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED


@pytest.mark.django_db
def test_a_full_disk_refuses_the_upload_plainly_and_keeps_nothing(
    personas, uploads_in, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)

    with pytest.raises(imports.FileProblem, match="could not be stored"):
        imports.create_job(
            collaborative=personas.ccr,
            upload=ContentFile(b"case_ref,stage\n", name="f.csv"),
            actor=personas.police_officer,
        )
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_database_failure_while_writing_fails_the_job_and_stores_nothing(
    personas, uploads_in, monkeypatch
):
    from django.db import OperationalError

    job = imports.create_job(
        collaborative=personas.ccr,
        upload=ContentFile(
            b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
            + f"F-1,P-1,incident,2025-01-02,{personas.police.short_code},\n".encode()
            + f"F-1,P-1,arrest,2025-01-03,{personas.police.short_code},single\n".encode(),
            name="f.csv",
        ),
        actor=personas.police_officer,
    )
    real_insert = imports.insert_rows

    def insert_then_fail(model, rows):
        real_insert(model, rows)
        if model is Event:
            raise OperationalError("could not extend file: No space left on device")

    monkeypatch.setattr(imports, "insert_rows", insert_then_fail)

    with pytest.raises(OperationalError):
        imports.run_import(str(job.public_id))

    assert_all_or_nothing(job)
    assert job.status == ImportStatus.FAILED
    assert "nothing was stored" in job.errors[0]["message"]


@pytest.mark.django_db
def test_only_imports_running_longer_than_the_limit_are_cleared(personas, uploads_in, capsys):
    from django.core.management import call_command
    from django.utils import timezone

    def job_started(minutes_ago: int) -> ImportJob:
        job = imports.create_job(
            collaborative=personas.ccr,
            upload=ContentFile(b"case_ref,stage\n", name="f.csv"),
            actor=personas.police_officer,
        )
        started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=started)
        return job

    stuck, busy = job_started(90), job_started(5)

    call_command("clear_stale_imports", "--minutes", "60")

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, busy.status) == (ImportStatus.FAILED, ImportStatus.RUNNING)
    assert not stuck.upload
    assert "1 interrupted" in capsys.readouterr().out
