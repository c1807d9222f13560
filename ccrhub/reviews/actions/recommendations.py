"""Recommendations, from a finding or recorded directly, and their follow-up."""

import datetime
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import can
from ccrhub.reviews.access import MANAGE, may_manage_recommendation
from ccrhub.reviews.actions.base import _bump, _require_manage
from ccrhub.reviews.models import (
    REVIEW_SOURCE,
    Finding,
    Recommendation,
    RecommendationStatus,
    Review,
    ReviewKind,
    SourceKind,
)


def normalise_theme(theme: str) -> str:
    return re.sub(r"\s+", " ", theme).strip().lower()[:80]


def _check_owner(collaborative_id: int, owner: Agency) -> None:
    if not AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=owner, is_active=True
    ).exists():
        raise ValidationError({"owner_agency": [_("The owner is not a member agency.")]})


@transaction.atomic
def recommend(
    review: Review,
    *,
    actor: User,
    owner_agency: Agency,
    text: str,
    kind: str,
    theme: str = "",
    due_on: datetime.date | None = None,
    finding: Finding | None = None,
) -> Recommendation:
    """A recommendation of a review (from one of its findings, or the review as a whole)."""
    _require_manage(actor, review)
    if finding is not None and finding.review_id != review.pk:
        raise ValidationError(_("The finding belongs to another review."))
    _check_owner(review.collaborative_id, owner_agency)
    recommendation = Recommendation.objects.create(
        collaborative_id=review.collaborative_id,
        source_kind=REVIEW_SOURCE[ReviewKind(review.kind)],
        review=review,
        finding=finding,
        owner_agency=owner_agency,
        kind=kind,
        text=text,
        theme=normalise_theme(theme),
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.recommended",
        target=recommendation,
        details={"review": str(review.public_id), "kind": kind},
    )
    return recommendation


@transaction.atomic
def record_recommendation(
    source_kind: str,
    source_ref: str,
    owner_agency: Agency,
    text: str,
    theme: str,
    due: datetime.date | None,
    *,
    actor: User,
    collaborative: Collaborative,
) -> Recommendation:
    """A recommendation from outside a review (e.g. a conference escalation), kept in
    the one tracker. `source_ref` names the source (its public id), never a person."""
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": [_("Unknown source.")]})
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    _check_owner(collaborative.pk, owner_agency)
    recommendation = Recommendation.objects.create(
        collaborative=collaborative,
        source_kind=source_kind,
        source_ref=source_ref[:100],
        owner_agency=owner_agency,
        text=text,
        theme=normalise_theme(theme),
        due_on=due,
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.recommended",
        target=recommendation,
        details={"source_kind": source_kind},
    )
    return recommendation


RECOMMENDATION_CHANGES = frozenset(
    {"text", "kind", "theme", "due_on", "status", "action_plan", "evidence", "owner_agency"}
)


@transaction.atomic
def update_recommendation(
    recommendation: Recommendation, *, actor: User, version: int, changes: dict[str, Any]
) -> Recommendation:
    if not may_manage_recommendation(actor, recommendation):
        raise PermissionDenied
    unknown = set(changes) - RECOMMENDATION_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "owner_agency" in changes:
        _check_owner(recommendation.collaborative_id, changes["owner_agency"])
    if "theme" in changes:
        changes["theme"] = normalise_theme(changes["theme"])
    status = changes.get("status", recommendation.status)
    evidence = changes.get("evidence", recommendation.evidence)
    if status == RecommendationStatus.IMPLEMENTED and not evidence.strip():
        raise ValidationError({"evidence": [_("Say what shows it is implemented.")]})
    for name, value in changes.items():
        setattr(recommendation, name, value)
    fields = list(changes)
    if status == RecommendationStatus.IMPLEMENTED and recommendation.implemented_on is None:
        recommendation.implemented_on = timezone.localdate()
        fields.append("implemented_on")
    _bump(recommendation, version, fields)
    record(
        actor=actor,
        action="reviews.recommendation_updated",
        target=recommendation,
        details={"fields": sorted(changes), "status": status},
    )
    return recommendation
