"""The audit team collects its evidence: the data-collection plan, documents, their
annotations and the findings drawn from them — each audited by ids and codes only."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.reviews import actions

pytestmark = pytest.mark.django_db


def _document(review: Any, actor: Any) -> Any:
    upload = SimpleUploadedFile("policy.txt", b"4.12.5 Consider arresting both.\n")
    return actions.upload_document(
        review, upload=upload, title="GO 4.12", kind="policy", actor=actor
    )


def test_the_advocate_plans_a_focus_group_and_its_notes_stay_out_of_the_trail(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    record = actions.add_record(
        audit,
        method="focus_group",
        title="Survivors' focus group",
        processing_point="arrest",
        notes="One woman said the officer laughed.",
        actor=personas.advocate,
    )
    assert record.notes == "One woman said the officer laughed."
    event = audit_row("reviews.record_added", actor=personas.advocate, target=audit)
    assert event.details == {"method": "focus_group"}


def test_a_record_at_an_unknown_processing_point_is_refused(personas: Any, audit: Any) -> None:
    with pytest.raises(ValidationError):
        actions.add_record(
            audit,
            method="focus_group",
            title="Focus group",
            processing_point="nowhere",
            actor=personas.advocate,
        )


def test_the_officer_uploads_the_general_order_and_the_trail_names_the_document(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    document = _document(audit, personas.police_officer)
    event = audit_row("reviews.document_uploaded", actor=personas.police_officer, target=audit)
    assert event.details["document"] == str(document.public_id)
    assert "GO 4.12" not in str(event.details)


def test_the_advocate_annotates_a_passage(personas: Any, audit: Any, audit_row: Any) -> None:
    document = _document(audit, personas.police_officer)
    annotation = actions.annotate_document(
        document, note="Invites dual arrest", processing_point="arrest", actor=personas.advocate
    )
    assert annotation.document == document
    event = audit_row("reviews.annotated", actor=personas.advocate, target=audit)
    assert event.details == {"document": str(document.public_id)}


def test_the_advocate_records_a_finding_from_a_document(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    document = _document(audit, personas.police_officer)
    finding = actions.record_finding(
        audit,
        problem="Dual arrests",
        method="rules",
        documents=[document],
        actor=personas.advocate,
    )
    assert list(finding.documents.all()) == [document]
    event = audit_row("reviews.finding_recorded", actor=personas.advocate, target=audit)
    assert event.details == {
        "finding": str(finding.public_id),
        "method": "rules",
        "from_annotation": False,
    }


def test_a_finding_needs_an_institutional_method(personas: Any, audit: Any) -> None:
    with pytest.raises(ValidationError):
        actions.record_finding(audit, problem="x", method="hunch", actor=personas.advocate)


def test_an_annotation_of_another_review_does_not_become_this_reviews_finding(
    personas: Any, audit: Any
) -> None:
    other = actions.create_review(
        personas.ccr, kind="audit", title="Other", actor=personas.coordinator
    )
    annotation = actions.annotate_document(
        _document(other, personas.coordinator), note="x", actor=personas.coordinator
    )
    with pytest.raises(ValidationError):
        actions.record_finding(
            audit, problem="x", method="rules", annotation=annotation, actor=personas.advocate
        )


def test_the_advocate_sharpens_a_finding_and_a_stale_edit_is_refused(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    finding = actions.record_finding(
        audit, problem="Dual arrests", method="rules", actor=personas.advocate
    )
    read = finding.version
    actions.update_finding(
        finding,
        version=read,
        changes={"evidence": "12 of 40 reports", "method": "resources"},
        actor=personas.advocate,
    )
    event = audit_row("reviews.finding_updated", actor=personas.advocate, target=audit)
    assert event.details == {"finding": str(finding.public_id), "fields": ["evidence", "method"]}
    with pytest.raises(StaleVersion):
        actions.update_finding(
            finding, version=read, changes={"problem": "Late"}, actor=personas.police_officer
        )
    with pytest.raises(ValueError, match="Not changeable"):
        actions.update_finding(
            finding, version=finding.version, changes={"review": None}, actor=personas.advocate
        )
