"""Notes on a review, one model with a kind: the family involvement log of a death
review and quality-assurance feedback on a draft. What differs between the kinds is a
row of `NOTE_RULES`, not a copy of the code."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.reviews.actions.base import _require_manage
from ccrhub.reviews.actions.death import _require_death
from ccrhub.reviews.models import NoteKind, Review, ReviewNote


@dataclass(frozen=True)
class NoteRule:
    manage: bool  # only whoever manages the review adds it; otherwise any member
    death_only: bool
    dated: bool  # `on` is required: the day the note is about
    event: str  # the audit action


NOTE_RULES = {
    NoteKind.FAMILY: NoteRule(
        manage=True, death_only=True, dated=True, event="reviews.family_contact"
    ),
    NoteKind.QUALITY: NoteRule(
        manage=False, death_only=False, dated=False, event="reviews.quality_note"
    ),
}


@transaction.atomic
def add_note(
    review: Review,
    *,
    kind: str,
    text: str,
    actor: User,
    on: datetime.date | None = None,
) -> ReviewNote:
    rule = NOTE_RULES[NoteKind(kind)]
    if rule.manage:
        _require_manage(actor, review)
    if rule.death_only:
        _require_death(review)
    if rule.dated and on is None:
        raise ValidationError({"on": [_("Give the date.")]})
    note = ReviewNote.objects.create(
        review=review, kind=kind, on=on if rule.dated else None, text=text, created_by=actor
    )
    record(actor=actor, action=rule.event, target=review)
    return note


@transaction.atomic
def resolve_quality_note(note: ReviewNote, *, actor: User) -> None:
    if note.kind != NoteKind.QUALITY:
        raise ValidationError(_("Only quality-assurance feedback is resolved."))
    _require_manage(actor, note.review)
    note.resolved = True
    note.save(update_fields=["resolved"])
    record(actor=actor, action="reviews.quality_note_resolved", target=note.review)
