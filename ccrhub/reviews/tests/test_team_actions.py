"""The coordinator opens a review and forms its team; every change is in the audit trail,
and the trail names no one's words."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.reviews import actions
from ccrhub.reviews.models import ReviewMember, TeamRole

pytestmark = pytest.mark.django_db


def test_the_coordinator_opens_an_audit_and_joins_it_as_its_coordinator(
    personas: Any, audit_row: Any
) -> None:
    review = actions.create_review(
        personas.ccr,
        kind="audit",
        title="Audit of the arrest report",
        scope_points=["arrest"],
        actor=personas.coordinator,
    )
    member = review.members.get()
    assert (member.user, member.role) == (personas.coordinator, TeamRole.COORDINATOR)
    event = audit_row("reviews.created", actor=personas.coordinator, target=review)
    assert event.details == {"kind": "audit"}


def test_an_officer_who_does_not_manage_reviews_cannot_open_one(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_review(
            personas.ccr, kind="audit", title="Mine", actor=personas.police_officer
        )


def test_an_unknown_processing_point_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError):
        actions.create_review(
            personas.ccr,
            kind="audit",
            title="Audit",
            scope_points=["nowhere"],
            actor=personas.coordinator,
        )


def test_a_death_review_is_due_for_decision_the_configured_days_after_notice(
    personas: Any, settings: Any
) -> None:
    settings.CCRHUB_DEATH_REVIEW_DECISION_DAYS = 10
    review = actions.create_review(
        personas.death_review,
        kind="death",
        title="Review of Adult B",
        notified_on=datetime.date(2026, 1, 5),
        actor=personas.coordinator,
    )
    assert review.decision_due_on == datetime.date(2026, 1, 15)


def test_the_coordinator_edits_the_review_and_a_stale_edit_is_refused(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    read = audit.version
    actions.update_review(
        audit,
        version=read,
        changes={"question": "Does the form ask about threats?"},
        actor=personas.coordinator,
    )
    event = audit_row("reviews.updated", actor=personas.coordinator, target=audit)
    assert event.details == {"fields": ["question"]}
    assert "threats" not in str(event.details)
    with pytest.raises(StaleVersion):
        actions.update_review(
            audit, version=read, changes={"title": "Late"}, actor=personas.coordinator
        )


def test_publishing_goes_through_the_publication_step_only(personas: Any, audit: Any) -> None:
    with pytest.raises(ValidationError):
        actions.update_review(
            audit,
            version=audit.version,
            changes={"status": "published"},
            actor=personas.coordinator,
        )


def test_a_team_member_cannot_edit_the_review(personas: Any, audit: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.update_review(
            audit, version=audit.version, changes={"title": "x"}, actor=personas.advocate
        )


def test_the_coordinator_adds_a_member_once_and_only_someone_who_sees_reviews(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    member = actions.add_member(
        audit, user=personas.prosecutor, role="agency_member", actor=personas.coordinator
    )
    assert member.agency == personas.prosecutor.agency
    event = audit_row("reviews.member_added", actor=personas.coordinator, target=audit)
    assert event.details == {"role": "agency_member"}
    with pytest.raises(ValidationError):
        actions.add_member(
            audit, user=personas.prosecutor, role="agency_member", actor=personas.coordinator
        )
    # The analyst holds no role that sees reviews in the CCR.
    with pytest.raises(ValidationError):
        actions.add_member(
            audit, user=personas.analyst, role="agency_member", actor=personas.coordinator
        )


def test_the_coordinator_removes_a_member_but_never_the_last_coordinator(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    officer = audit.members.get(user=personas.police_officer)
    actions.remove_member(officer, actor=personas.coordinator)
    officer.refresh_from_db()
    assert not officer.is_active
    audit_row("reviews.member_removed", actor=personas.coordinator, target=audit)
    coordinator = audit.members.get(user=personas.coordinator)
    with pytest.raises(ValidationError):
        actions.remove_member(coordinator, actor=personas.coordinator)
    assert ReviewMember.objects.get(pk=coordinator.pk).is_active


def test_a_member_cannot_remove_another(personas: Any, audit: Any) -> None:
    officer = audit.members.get(user=personas.police_officer)
    with pytest.raises(PermissionDenied):
        actions.remove_member(officer, actor=personas.advocate)


def test_the_coordinator_records_that_a_member_signed_the_confidentiality_agreement(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    advocate = audit.members.get(user=personas.advocate)
    actions.record_confidentiality(
        advocate, signed_on=datetime.date(2026, 2, 1), actor=personas.coordinator
    )
    advocate.refresh_from_db()
    assert advocate.confidentiality_signed_on == datetime.date(2026, 2, 1)
    audit_row("reviews.confidentiality_signed", actor=personas.coordinator, target=audit)
    with pytest.raises(PermissionDenied):
        actions.record_confidentiality(
            advocate, signed_on=datetime.date(2026, 2, 2), actor=personas.advocate
        )
