"""Every change to reviews and recommendations; each audited in the transaction that
makes it. Audit details hold ids, kinds, codes and counts only: titles, notes,
chronology text, names and dates of birth never enter the trail.

The actions live in one module per responsibility; this package re-exports them so
callers keep importing from `ccrhub.reviews.actions`."""

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.reviews.actions.death import (
    PublicationRefused,
    add_person,
    apply_pseudonyms,
    chase_overdue_chronologies,
    completion_days,
    decision_days,
    draft_parts,
    mark_chronology_returned,
    person_keys,
    publish_review,
    record_chronology_entry,
    record_decision,
    remaining_places,
    request_chronology,
    us_requires_closed_proceedings,
)
from ccrhub.reviews.actions.evidence import (
    FINDING_CHANGES,
    add_record,
    annotate_document,
    record_finding,
    update_finding,
    upload_document,
)
from ccrhub.reviews.actions.notes import NOTE_RULES, NoteRule, add_note, resolve_quality_note
from ccrhub.reviews.actions.recommendations import (
    RECOMMENDATION_CHANGES,
    normalise_theme,
    recommend,
    record_recommendation,
    update_recommendation,
)
from ccrhub.reviews.actions.sart import (
    SART_CORE_SECTORS,
    answer_check,
    sart_core_members,
    sart_protocol_version,
)
from ccrhub.reviews.actions.team import (
    REVIEW_CHANGES,
    add_member,
    create_review,
    record_confidentiality,
    remove_member,
    update_review,
)

__all__ = [
    "FINDING_CHANGES",
    "NOTE_RULES",
    "RECOMMENDATION_CHANGES",
    "REVIEW_CHANGES",
    "SART_CORE_SECTORS",
    "NoteRule",
    "PublicationRefused",
    "StaleVersion",
    "add_member",
    "add_note",
    "add_person",
    "add_record",
    "annotate_document",
    "answer_check",
    "apply_pseudonyms",
    "chase_overdue_chronologies",
    "completion_days",
    "create_review",
    "decision_days",
    "draft_parts",
    "mark_chronology_returned",
    "normalise_theme",
    "person_keys",
    "publish_review",
    "recommend",
    "record_chronology_entry",
    "record_confidentiality",
    "record_decision",
    "record_finding",
    "record_recommendation",
    "remaining_places",
    "remove_member",
    "request_chronology",
    "resolve_quality_note",
    "sart_core_members",
    "sart_protocol_version",
    "update_finding",
    "update_recommendation",
    "update_review",
    "upload_document",
    "us_requires_closed_proceedings",
]
