"""Jobs: saving mappings, storing an upload, running it in the background, reporting errors."""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import uuid
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases import imports
from ccrhub.cases.imports import staging
from ccrhub.cases.imports.commit import commit
from ccrhub.cases.imports.mapping import check_mapping
from ccrhub.cases.imports.reading import FileProblem, _error, check_workbook, count_rows, sniff_kind
from ccrhub.cases.imports.rights import mapping_agencies, may_import
from ccrhub.cases.imports.validation import validate
from ccrhub.cases.models import ColumnMapping, ImportJob, ImportStatus
from ccrhub.lib.tabular import Table
from ccrhub.partners.models import Agency, Collaborative

logger = logging.getLogger(__name__)


# --- Actions on mappings and jobs ---------------------------------------------------


@transaction.atomic
def save_mapping(
    *,
    collaborative: Collaborative,
    agency: Agency,
    name: str,
    columns: dict[str, Any],
    values: dict[str, Any],
    actor: User,
    mapping: ColumnMapping | None = None,
) -> ColumnMapping:
    """Create or replace a saved mapping; its structure is checked first (S21)."""
    if not mapping_agencies(actor, collaborative.pk).filter(pk=agency.pk).exists():
        raise PermissionDenied
    if check_mapping(columns, values):
        raise ValueError("invalid mapping")
    if mapping is None:
        mapping = ColumnMapping(collaborative=collaborative, created_by=actor)
    mapping.agency = agency
    mapping.name = name
    mapping.columns = columns
    mapping.values = values
    mapping.save()
    record(
        actor=actor,
        action="cases.mapping_saved",
        target=mapping,
        details={"agency_id": str(agency.public_id)},
    )
    return mapping


def create_job(
    *,
    collaborative: Collaborative,
    upload: File[Any] | IO[bytes],
    actor: User,
    mapping: ColumnMapping | None = None,
) -> ImportJob:
    """Store the upload (size and type checked) as a pending job. FileProblem if refused."""
    if not may_import(actor, collaborative.pk):
        raise PermissionDenied
    if mapping is not None and mapping.collaborative_id != collaborative.pk:
        raise Http404
    data = _read_limited(upload)
    kind = sniff_kind(data[:4096])
    if kind == "xlsx":
        check_workbook(io.BytesIO(data))
    job = ImportJob(collaborative=collaborative, created_by=actor, mapping=mapping, kind="events")
    job.sha256 = hashlib.sha256(data).hexdigest()
    try:
        # A generated name: the user's file name may itself carry personal data.
        job.upload.save(f"{uuid.uuid4()}.{kind}", ContentFile(data), save=False)
    except OSError:
        # A full disk, most often: nothing is kept, and the person is told plainly.
        logger.exception("An import upload could not be stored")
        if job.upload.name:
            job.upload.storage.delete(job.upload.name)
        raise FileProblem(
            _(
                "The file could not be stored on the server, so nothing was imported. "
                "Try again later; if it keeps happening, tell your administrator."
            )
        ) from None
    try:
        with transaction.atomic():
            job.save()
            record(
                actor=actor,
                action="cases.import_uploaded",
                target=job,
                details={"file_sha256": job.sha256, "size": len(data)},
            )
    except Exception:
        job.upload.delete(save=False)
        raise
    return job


def _read_limited(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > imports.MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB.") % {"mb": imports.MAX_BYTES // 2**20}
        )
    data = upload.read(imports.MAX_BYTES + 1)
    if len(data) > imports.MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB.") % {"mb": imports.MAX_BYTES // 2**20}
        )
    if not data:
        raise FileProblem(_("The file is empty."))
    return bytes(data)


def start_job(job: ImportJob) -> bool:
    """Hand a pending job to the background worker, once; False if it was already queued."""
    from ccrhub.cases.tasks import run_import_task

    queued = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.PENDING, queued_at__isnull=True
    ).update(queued_at=timezone.now())
    if not queued:
        return False
    job.queued_at = timezone.now()
    run_import_task.enqueue(str(job.public_id))
    return True


# --- Running and committing ---------------------------------------------------------


def run_import(job_public_id: str) -> ImportJob:
    """The background job: count, validate with progress, then commit all or nothing."""
    job = ImportJob.objects.select_related("collaborative", "mapping", "created_by").get(
        public_id=job_public_id
    )
    # Claimed by one worker only, however often the job was queued.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), rows_done=0
    )
    if not claimed:
        return job
    job.refresh_from_db()
    actor = job.created_by
    try:
        if not may_import(actor, job.collaborative_id):
            raise FileProblem(_("You may no longer import into this collaborative."))
        imports._set(job, rows_total=count_rows(job))
        plan = validate(job, actor, progress=lambda n: imports._set(job, rows_done=n))
        imports._set(job, rows_done=job.rows_total)
        if plan.error_count:
            _fail(job, plan.errors, plan.error_count)
        else:
            commit(job, plan, actor)
    except FileProblem as problem:
        _fail(job, [_error(None, "", str(problem))], 1)
    except Exception:
        # Whatever broke, the data transaction has rolled back: nothing was stored.
        _fail(job, [_error(None, "", _("The import stopped unexpectedly; nothing was stored."))], 1)
        raise
    finally:
        _discard_upload(job)
        staging.discard()
    return job


def clear_stale_jobs(older_than: datetime.timedelta) -> int:
    """Fail jobs left "running" by a worker that died (killed, out of memory, a reboot).

    Their data transaction rolled back with the worker, so nothing was stored; saying so
    lets the person upload again instead of watching a bar that never moves.
    """
    cutoff = timezone.now() - older_than
    stale = ImportJob.objects.filter(status=ImportStatus.RUNNING, started_at__lt=cutoff)
    cleared = 0
    for job in stale.select_related("created_by"):
        message = _(
            "The import was interrupted before it finished; nothing was stored. "
            "Upload the file again."
        )
        _fail(job, [_error(None, "", message)], 1)
        _discard_upload(job)
        cleared += 1
    return cleared


def _set(job: ImportJob, **changes: Any) -> None:
    """Write progress or status on the job row alone, committed at once (outside the data)."""
    for name, value in changes.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**changes)


def _fail(job: ImportJob, errors: list[dict[str, Any]], count: int) -> None:
    if count > len(errors):
        more = count - len(errors)
        errors = [*errors, _error(None, "", _("%(n)d more errors not listed.") % {"n": more})]
    with transaction.atomic():
        imports._set(job, status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())
        record(
            actor=job.created_by,
            action="cases.import_failed",
            target=job,
            outcome="failure",
            details={"file_sha256": job.sha256, "errors": count},
        )


def _discard_upload(job: ImportJob) -> None:
    """The upload carries agency identifiers: keep it only while the job is pending."""
    if job.upload and job.status in (ImportStatus.COMPLETED, ImportStatus.FAILED):
        job.upload.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(upload="")


# --- Error report -------------------------------------------------------------------


def error_report_table(job: ImportJob) -> Table:
    """The rows an import refused, for `lib.tabular`; each row's id is its line number."""
    errors = job.errors or []
    return Table(
        name="import-errors",
        header=["row", "column", "message"],
        rows=[[error.get(k) for k in ("row", "column", "message")] for error in errors],
        row_ids=[str(error.get("row")) for error in errors],
    )
