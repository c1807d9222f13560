"""Audit data collection: records, documents, annotations and findings."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib import uploads
from ccrhub.partners.models import Agency
from ccrhub.reviews.actions.base import _bump, _check_point
from ccrhub.reviews.models import (
    Annotation,
    DataRecord,
    Document,
    Finding,
    Method,
    Review,
)


@transaction.atomic
def add_record(
    review: Review,
    *,
    actor: User,
    method: str,
    title: str,
    processing_point: str = "",
    planned_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    notes: str = "",
) -> DataRecord:
    data = DataRecord.objects.create(
        review=review,
        method=method,
        title=title,
        processing_point=_check_point(processing_point),
        planned_on=planned_on,
        done_on=done_on,
        notes=notes,
        created_by=actor,
    )
    record(actor=actor, action="reviews.record_added", target=review, details={"method": method})
    return data


def upload_document(
    review: Review,
    *,
    actor: User,
    upload: Any,
    title: str,
    kind: str,
    agency: Agency | None = None,
) -> Document:
    """Check, clean and store an uploaded file (S24); the stored file is removed again
    if recording it fails."""
    cleaned = uploads.clean_upload(upload)
    stored = uploads.store(cleaned)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                review=review,
                title=title,
                kind=kind,
                agency=agency,
                original_name=uploads.safe_filename(getattr(upload, "name", ""), stored),
                stored_name=stored,
                content_type=cleaned.kind.content_type,
                size=cleaned.size,
                uploaded_by=actor,
            )
            record(
                actor=actor,
                action="reviews.document_uploaded",
                target=review,
                details={"document": str(document.public_id), "type": cleaned.kind.key},
            )
    except BaseException:
        uploads.delete_stored(stored)
        raise
    return document


@transaction.atomic
def annotate_document(
    document: Document,
    *,
    actor: User,
    note: str,
    quote: str = "",
    location: str = "",
    processing_point: str = "",
) -> Annotation:
    annotation = Annotation.objects.create(
        document=document,
        note=note,
        quote=quote,
        location=location,
        processing_point=_check_point(processing_point),
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.annotated",
        target=document.review,
        details={"document": str(document.public_id)},
    )
    return annotation


def _check_measure(key: str) -> str:
    from ccrhub.cases.metrics import MEASURES

    if key and key not in {spec.name for spec in MEASURES}:
        raise ValidationError({"measure_key": [_("Unknown measure.")]})
    return key


@transaction.atomic
def record_finding(
    review: Review,
    *,
    actor: User,
    problem: str,
    method: str,
    processing_point: str = "",
    how_produced: str = "",
    evidence: str = "",
    measure_key: str = "",
    documents: list[Document] | None = None,
    annotation: Annotation | None = None,
) -> Finding:
    if method not in Method.values:
        raise ValidationError({"method": [_("Choose an institutional method.")]})
    finding = Finding.objects.create(
        review=review,
        problem=problem,
        method=method,
        processing_point=_check_point(processing_point),
        how_produced=how_produced,
        evidence=evidence,
        measure_key=_check_measure(measure_key),
        created_by=actor,
    )
    linked = [d for d in documents or [] if d.review_id == review.pk]
    if annotation is not None:
        if annotation.document.review_id != review.pk:
            raise ValidationError(_("The annotation belongs to another review."))
        annotation.finding = finding
        annotation.save(update_fields=["finding"])
        linked.append(annotation.document)
    if linked:
        finding.documents.add(*linked)
    record(
        actor=actor,
        action="reviews.finding_recorded",
        target=review,
        details={
            "finding": str(finding.public_id),
            "method": method,
            "from_annotation": annotation is not None,
        },
    )
    return finding


FINDING_CHANGES = frozenset(
    {"problem", "method", "processing_point", "how_produced", "evidence", "measure_key"}
)


@transaction.atomic
def update_finding(
    finding: Finding, *, actor: User, version: int, changes: dict[str, Any]
) -> Finding:
    unknown = set(changes) - FINDING_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "processing_point" in changes:
        _check_point(changes["processing_point"])
    if "measure_key" in changes:
        _check_measure(changes["measure_key"])
    if "method" in changes and changes["method"] not in Method.values:
        raise ValidationError({"method": [_("Choose an institutional method.")]})
    for name, value in changes.items():
        setattr(finding, name, value)
    _bump(finding, version, list(changes))
    record(
        actor=actor,
        action="reviews.finding_updated",
        target=finding.review,
        details={"finding": str(finding.public_id), "fields": sorted(changes)},
    )
    return finding
