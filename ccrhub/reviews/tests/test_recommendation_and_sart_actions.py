"""Recommendations from a review or from outside one land in one tracker; the SART
reviews its response against the protocol in force and its core members. Every change
is audited with codes only."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ccrhub.reviews import actions

pytestmark = pytest.mark.django_db


def test_a_conference_escalation_joins_the_tracker_with_its_source_only(
    personas: Any, audit_row: Any
) -> None:
    recommendation = actions.record_recommendation(
        "conference_escalation",
        "conference-7",
        personas.probation,
        "Share risk with probation",
        "  Risk   Information ",
        datetime.date(2026, 6, 1),
        actor=personas.coordinator,
        collaborative=personas.ccr,
    )
    assert recommendation.theme == "risk information"
    event = audit_row(
        "reviews.recommended",
        actor=personas.coordinator,
        target=recommendation,
        collaborative=personas.ccr,
    )
    assert event.details == {"source_kind": "conference_escalation"}


def test_an_escalation_from_an_unknown_source_or_by_a_non_manager_is_refused(
    personas: Any,
) -> None:
    arguments = ("conference-7", personas.probation, "x", "x", None)
    with pytest.raises(ValidationError):
        actions.record_recommendation(
            "rumour", *arguments, actor=personas.coordinator, collaborative=personas.ccr
        )
    with pytest.raises(PermissionDenied):
        actions.record_recommendation(
            "conference_escalation",
            *arguments,
            actor=personas.police_officer,
            collaborative=personas.ccr,
        )


def test_the_coordinator_follows_a_recommendation_up(
    personas: Any, audit: Any, audit_row: Any
) -> None:
    recommendation = actions.recommend(
        audit, owner_agency=personas.police, kind="policy", text="x", actor=personas.coordinator
    )
    actions.update_recommendation(
        recommendation,
        version=recommendation.version,
        changes={"status": "in_progress", "action_plan": "Reissue the order"},
        actor=personas.coordinator,
    )
    event = audit_row(
        "reviews.recommendation_updated", actor=personas.coordinator, target=recommendation
    )
    assert event.details == {"fields": ["action_plan", "status"], "status": "in_progress"}
    with pytest.raises(PermissionDenied):
        actions.update_recommendation(
            recommendation,
            version=recommendation.version,
            changes={"status": "accepted"},
            actor=personas.police_officer,
        )


def test_a_recommendation_is_owned_by_a_member_agency_of_the_collaborative(
    personas: Any, audit: Any
) -> None:
    with pytest.raises(ValidationError):
        actions.recommend(
            audit,
            owner_agency=personas.neighbour_police,
            kind="policy",
            text="x",
            actor=personas.coordinator,
        )


def test_the_sart_review_names_the_protocol_in_force_when_it_opens(personas: Any) -> None:
    from ccrhub.protocols import actions as protocols

    assert actions.sart_protocol_version(personas.sart) == ""
    protocol = protocols.create_protocol(
        personas.sart,
        kind="protocol",
        title="SART response protocol",
        text="1. The advocate is called first.",
        actor=personas.coordinator,
    )
    protocols.submit_for_review(protocol, actor=personas.coordinator, version=protocol.version)
    protocols.adopt_version(protocol, actor=personas.coordinator, version=protocol.version)
    review = actions.create_review(
        personas.sart, kind="sart", title="Response review", actor=personas.coordinator
    )
    assert review.protocol_version == "SART response protocol v1"


def test_the_checklist_asks_only_about_active_core_members(personas: Any) -> None:
    members = dict(actions.sart_core_members(personas.sart))
    assert personas.police in members and personas.hospital in members
    assert personas.agency("university") not in members


def test_the_officer_answers_the_checklist_and_the_trail_holds_the_answer_code(
    personas: Any, audit_row: Any
) -> None:
    review = actions.create_review(
        personas.sart, kind="sart", title="Response review", actor=personas.coordinator
    )
    item = review.checklist.get(agency=personas.police)
    actions.answer_check(
        item,
        contacted="yes",
        fulfilled="no",
        did_not="The officer did not call the advocate.",
        actor=personas.police_officer,
    )
    item.refresh_from_db()
    assert (item.contacted, item.fulfilled) == ("yes", "no")
    event = audit_row("reviews.check_answered", actor=personas.police_officer, target=review)
    assert event.details == {"agency": str(personas.police.public_id), "fulfilled": "no"}
