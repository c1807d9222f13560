"""The audit workspace: members only, documents annotated, findings and recommendations."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.reviews import actions
from ccrhub.reviews.models import Recommendation, RecommendationStatus

pytestmark = pytest.mark.django_db


def _document(review: Any, actor: Any) -> Any:
    upload = SimpleUploadedFile("policy.txt", b"4.12.5 Consider arresting both.\n")
    return actions.upload_document(
        review, upload=upload, title="GO 4.12", kind="policy", actor=actor
    )


def test_non_member_gets_404_on_the_review_its_documents_and_findings(
    personas: Any, audit: Any, client_as: Any, api_as: Any
) -> None:
    document = _document(audit, personas.police_officer)
    finding = actions.record_finding(
        audit, problem="Dual arrests", method="rules", actor=personas.police_officer
    )
    # The prosecutor sees reviews in the CCR but is not on this team.
    client = client_as(personas.prosecutor)
    for url in (
        reverse("reviews:review-detail", args=[audit.public_id]),
        reverse("reviews:document-detail", args=[document.public_id]),
        reverse("reviews:document-download", args=[document.public_id]),
        reverse("reviews:finding-detail", args=[finding.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    api = api_as(personas.prosecutor)
    assert api.get(f"/api/v1/reviews/{audit.public_id}/findings").status_code == 404
    # A member gets them.
    member = client_as(personas.advocate)
    assert (
        member.get(reverse("reviews:finding-detail", args=[finding.public_id])).status_code == 200
    )


def test_download_is_an_attachment_that_is_not_sniffed(
    personas: Any, audit: Any, client_as: Any
) -> None:
    document = _document(audit, personas.advocate)
    response = client_as(personas.police_officer).get(
        reverse("reviews:document-download", args=[document.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"4.12.5 Consider arresting both.\n"


def test_annotation_becomes_a_finding_and_the_finding_a_recommendation(
    personas: Any, audit: Any
) -> None:
    document = _document(audit, personas.advocate)
    annotation = actions.annotate_document(
        document, note="Invites dual arrest", processing_point="arrest", actor=personas.advocate
    )
    finding = actions.record_finding(
        audit,
        problem="Dual arrests",
        method="rules",
        annotation=annotation,
        actor=personas.advocate,
    )
    annotation.refresh_from_db()
    assert annotation.finding == finding
    assert list(finding.documents.all()) == [document]
    recommendation = actions.recommend(
        audit,
        finding=finding,
        owner_agency=personas.police,
        kind="policy",
        text="Primary-aggressor policy",
        theme="  Primary   Aggressor ",
        actor=personas.coordinator,
    )
    assert recommendation.source_kind == "audit"
    assert recommendation.theme == "primary aggressor"
    event = AuditEvent.objects.filter(action="reviews.recommended").latest("id")
    assert event.object_id == str(recommendation.public_id)
    assert "Primary" not in str(event.details)


def test_only_the_reviews_coordinator_recommends(personas: Any, audit: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.recommend(
            audit,
            owner_agency=personas.police,
            kind="policy",
            text="x",
            actor=personas.police_officer,
        )


def test_implemented_needs_evidence_and_stale_versions_are_refused(
    personas: Any, audit: Any
) -> None:
    from django.core.exceptions import ValidationError

    from ccrhub.lib.concurrency import StaleVersion

    recommendation = actions.recommend(
        audit, owner_agency=personas.police, kind="policy", text="x", actor=personas.coordinator
    )
    with pytest.raises(ValidationError):
        actions.update_recommendation(
            recommendation,
            version=1,
            changes={"status": RecommendationStatus.IMPLEMENTED},
            actor=personas.coordinator,
        )
    actions.update_recommendation(
        recommendation,
        version=1,
        changes={"status": RecommendationStatus.IMPLEMENTED, "evidence": "Reissued"},
        actor=personas.coordinator,
    )
    assert Recommendation.objects.get(pk=recommendation.pk).implemented_on is not None
    with pytest.raises(StaleVersion):
        actions.update_recommendation(
            recommendation, version=1, changes={"theme": "y"}, actor=personas.coordinator
        )


def test_escalations_join_the_tracker_and_recurring_themes_show(
    personas: Any, audit: Any, client_as: Any
) -> None:
    actions.recommend(
        audit,
        owner_agency=personas.police,
        kind="form",
        text="Add threats to the form",
        theme="Risk information",
        actor=personas.coordinator,
    )
    actions.record_recommendation(
        "conference_escalation",
        "conference-7",
        personas.probation,
        "Share risk with probation",
        "risk information",
        None,
        actor=personas.coordinator,
        collaborative=personas.ccr,
    )
    response = client_as(personas.coordinator).get(reverse("reviews:recommendation-list"))
    assert response.status_code == 200
    themes = {t.theme: t for t in response.context["themes"]}
    assert themes["risk information"].sources == 2 and themes["risk information"].recurs
    # The police officer is on the audit but does not manage reviews: no escalation.
    officer = client_as(personas.police_officer).get(reverse("reviews:recommendation-list"))
    assert [r.source_kind for r in officer.context["recommendations"]] == ["audit"]


def test_review_list_shows_only_the_users_reviews(
    personas: Any, audit: Any, client_as: Any
) -> None:
    actions.create_review(personas.ccr, kind="audit", title="Other", actor=personas.coordinator)
    client = client_as(personas.advocate)
    response = client.get(reverse("reviews:review-list"))
    assert [r.title for r in response.context["reviews"]] == ["Audit of arrests"]


def test_report_pdf_renders(personas: Any, audit: Any, client_as: Any) -> None:
    actions.record_finding(audit, problem="Dual arrests", method="rules", actor=personas.advocate)
    response = client_as(personas.advocate).get(
        reverse("reviews:review-report", args=[audit.public_id])
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
