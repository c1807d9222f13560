"""Opening and editing reviews, and who sits on their teams."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib.access import holds
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can
from ccrhub.reviews.access import MANAGE, VIEW
from ccrhub.reviews.actions.base import _bump, _check_points, _require_manage
from ccrhub.reviews.actions.death import decision_days
from ccrhub.reviews.actions.sart import sart_core_members, sart_protocol_version
from ccrhub.reviews.models import (
    ChecklistItem,
    Jurisdiction,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewStatus,
    TeamRole,
)


@transaction.atomic
def create_review(
    collaborative: Collaborative,
    *,
    actor: User,
    kind: str,
    title: str,
    question: str = "",
    scope_points: list[str] | None = None,
    jurisdiction: str = "",
    notified_on: datetime.date | None = None,
    response_on: datetime.date | None = None,
) -> Review:
    """A new review; its creator joins as coordinator. A SART review gets its checklist,
    a death review its decision deadline."""
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    review = Review(
        collaborative=collaborative,
        kind=kind,
        title=title,
        question=question,
        scope_points=_check_points(list(scope_points or [])),
        created_by=actor,
    )
    if kind == ReviewKind.DEATH:
        review.jurisdiction = jurisdiction or (
            Jurisdiction.EW if settings.JURISDICTION == "uk" else Jurisdiction.US
        )
        review.notified_on = notified_on or timezone.localdate()
        review.decision_due_on = review.notified_on + datetime.timedelta(days=decision_days())
    if kind == ReviewKind.SART:
        review.response_on = response_on
        review.protocol_version = sart_protocol_version(collaborative)
    review.save()
    ReviewMember.objects.create(
        review=review, user=actor, role=TeamRole.COORDINATOR, agency=actor.agency
    )
    if kind == ReviewKind.SART:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(review=review, agency=agency, role_label=label)
            for agency, label in sart_core_members(collaborative)
        )
    record(actor=actor, action="reviews.created", target=review, details={"kind": kind})
    return review


REVIEW_CHANGES = frozenset(
    {
        "title",
        "question",
        "scope_points",
        "status",
        "summary",
        "overview",
        "terms_of_reference",
        "response_on",
        "proceedings_closed",
        "notified_on",
    }
)


@transaction.atomic
def update_review(review: Review, *, actor: User, version: int, changes: dict[str, Any]) -> Review:
    _require_manage(actor, review)
    unknown = set(changes) - REVIEW_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "scope_points" in changes:
        _check_points(list(changes["scope_points"]))
    if changes.get("status") == ReviewStatus.PUBLISHED:
        raise ValidationError({"status": [_("Publish through the publication step.")]})
    for name, value in changes.items():
        setattr(review, name, value)
    fields = [*changes]
    if "notified_on" in changes and review.is_death and review.notified_on:
        review.decision_due_on = review.notified_on + datetime.timedelta(days=decision_days())
        fields.append("decision_due_on")
    _bump(review, version, fields)
    record(
        actor=actor, action="reviews.updated", target=review, details={"fields": sorted(changes)}
    )
    return review


@transaction.atomic
def add_member(
    review: Review,
    *,
    actor: User,
    user: User,
    role: str,
    confidentiality_signed_on: datetime.date | None = None,
) -> ReviewMember:
    """Add someone who holds a role letting them see reviews in the collaborative."""
    _require_manage(actor, review)
    if not holds(user, VIEW, review.collaborative_id):
        raise ValidationError({"user": [_("This person cannot see reviews here.")]})
    if ReviewMember.objects.filter(review=review, user=user, is_active=True).exists():
        raise ValidationError({"user": [_("Already a member.")]})
    member = ReviewMember.objects.create(
        review=review,
        user=user,
        role=role,
        agency=user.agency,
        confidentiality_signed_on=confidentiality_signed_on,
    )
    record(actor=actor, action="reviews.member_added", target=review, details={"role": role})
    return member


@transaction.atomic
def remove_member(member: ReviewMember, *, actor: User) -> None:
    review = member.review
    _require_manage(actor, review)
    coordinators = ReviewMember.objects.filter(
        review=review, is_active=True, role__in=[TeamRole.COORDINATOR, TeamRole.CHAIR]
    ).exclude(pk=member.pk)
    if member.role in (TeamRole.COORDINATOR, TeamRole.CHAIR) and not coordinators.exists():
        raise ValidationError(_("A review keeps at least one coordinator or chair."))
    member.is_active = False
    member.save(update_fields=["is_active"])
    record(actor=actor, action="reviews.member_removed", target=review)


@transaction.atomic
def record_confidentiality(member: ReviewMember, *, actor: User, signed_on: datetime.date) -> None:
    _require_manage(actor, member.review)
    member.confidentiality_signed_on = signed_on
    member.save(update_fields=["confidentiality_signed_on"])
    record(actor=actor, action="reviews.confidentiality_signed", target=member.review)
