"""Retention of tracking data: cases with nothing new for the schedule, and import files.

A case goes whole (events, orders, violations, responses and its restrictions) once
it was opened and last touched before the cutoff. An import's uploaded file goes after
its own, shorter schedule; the job row stays with its counts and errors (no cell values).
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q

from ccrhub.accounts.models import Restriction
from ccrhub.cases.models import Case, ImportJob
from ccrhub.retention.registry import Category, register


def _stale_cases(cutoff: datetime) -> Iterable[str]:
    day = cutoff.date()
    cases = (
        Case.objects.filter(opened_on__lt=day)
        .annotate(last_event=Max("events__occurred_on"))
        .filter(Q(last_event__isnull=True) | Q(last_event__lt=day))
    )
    return (str(public_id) for public_id in cases.values_list("public_id", flat=True))


def _purge_case(public_id: str) -> list[str]:
    case = Case.objects.filter(public_id=public_id).first()
    if case is None:
        return []
    Restriction.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    ).delete()
    case.delete()
    return []


def _stale_import_files(cutoff: datetime) -> Iterable[str]:
    jobs = ImportJob.objects.filter(created_at__lt=cutoff).exclude(upload="")
    return (str(public_id) for public_id in jobs.values_list("public_id", flat=True))


def _purge_import_file(public_id: str) -> list[str]:
    job = ImportJob.objects.filter(public_id=public_id).first()
    if job is None or not job.upload:
        return []
    job.upload.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(upload="")
    return ["upload"]


register(
    Category(
        name="case_data",
        description="Tracked cases with no activity since the cutoff, with all their rows.",
        due=_stale_cases,
        purge_one=_purge_case,
        object_type="cases.case",
    )
)
register(
    Category(
        name="import_files",
        description="Files uploaded for import (the job's counts and errors stay).",
        due=_stale_import_files,
        purge_one=_purge_import_file,
        object_type="cases.importjob",
    )
)
