"""Fetch and authorise reviews, their parts and recommendations.

A review is seen only by its own active members, and only while their role in the
review's collaborative lets them see reviews; everyone else gets exactly the answer
for what does not exist (404, S3). Members contribute (records, documents,
annotations, findings, chronology entries); the review's coordinator, who must also
hold `reviews.manage` in the collaborative, manages it (403 for other members).

Recommendations from a review follow the review. Those recorded from elsewhere (a
conference escalation) are seen and managed by whoever manages reviews in the
collaborative.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.queries import active_roles, collaborative_ids_with
from ccrhub.partners.roles import role_can
from ccrhub.reviews.models import (
    Annotation,
    Document,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    TeamRole,
)

VIEW = "reviews.view"
MANAGE = "reviews.manage"


def require_reviews_role(user: Any) -> list[int]:
    """Collaboratives where the user may see reviews; 403 if none."""
    ids = collaborative_ids_with(user, VIEW)
    if not ids:
        raise PermissionDenied
    return ids


def membership(user: Any, review: Review) -> ReviewMember | None:
    cache: dict[int, ReviewMember | None] = getattr(user, "_ccrhub_review_members", None) or {}
    if review.pk not in cache:
        cache[review.pk] = (
            ReviewMember.objects.filter(review=review, user=user, is_active=True).first()
            if getattr(user, "is_authenticated", False)
            else None
        )
        if getattr(user, "is_authenticated", False):
            user._ccrhub_review_members = cache
    return cache[review.pk]


def may_manage(user: Any, review: Review) -> bool:
    member = membership(user, review)
    role = active_roles(user).get(review.collaborative_id)
    return (
        member is not None
        and member.role in (TeamRole.COORDINATOR, TeamRole.CHAIR)
        and role is not None
        and role_can(role, MANAGE)
    )


def _visible(user: Any, review: Review | None) -> Review:
    if review is None:
        raise Http404
    role = active_roles(user).get(review.collaborative_id)
    if role is None or not role_can(role, VIEW) or membership(user, review) is None:
        raise Http404
    return review


def access_part(user: Any, model: Any, public_id: Any) -> Any:
    """A row that hangs off a review (`review` foreign key), if the review is visible."""
    key = parse_public_id(public_id)
    active_roles(user)
    part = model.objects.select_related("review__collaborative").filter(public_id=key).first()
    _visible(user, part.review if part else None)
    return part


def access_review(user: Any, public_id: Any, *, manage: bool = False) -> Review:
    """The review, if the user is one of its members; managing is for its coordinator."""
    key = parse_public_id(public_id)
    active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    review = Review.objects.select_related("collaborative").filter(public_id=key).first()
    review = _visible(user, review)
    if manage and not may_manage(user, review):
        raise PermissionDenied
    return review


def access_document(user: Any, public_id: Any) -> Document:
    key = parse_public_id(public_id)
    active_roles(user)
    document = (
        Document.objects.select_related("review", "review__collaborative", "agency")
        .filter(public_id=key)
        .first()
    )
    _visible(user, document.review if document else None)
    assert document is not None
    return document


def access_finding(user: Any, public_id: Any, *, manage: bool = False) -> Finding:
    key = parse_public_id(public_id)
    active_roles(user)
    finding = (
        Finding.objects.select_related("review", "review__collaborative")
        .filter(public_id=key)
        .first()
    )
    review = _visible(user, finding.review if finding else None)
    assert finding is not None
    if manage and not may_manage(user, review):
        raise PermissionDenied
    return finding


def access_annotation(user: Any, public_id: Any) -> Annotation:
    key = parse_public_id(public_id)
    active_roles(user)
    annotation = (
        Annotation.objects.select_related("document__review__collaborative", "finding")
        .filter(public_id=key)
        .first()
    )
    _visible(user, annotation.document.review if annotation else None)
    assert annotation is not None
    return annotation


def visible_recommendations(user: Any) -> QuerySet[Recommendation]:
    """Recommendations of the user's reviews, and those from elsewhere in the
    collaboratives where they manage reviews."""
    viewing = collaborative_ids_with(user, VIEW)
    managing = collaborative_ids_with(user, MANAGE)
    member_of = ReviewMember.objects.filter(user=user, is_active=True).values("review_id")
    return Recommendation.objects.filter(
        Q(review_id__in=member_of, collaborative_id__in=viewing)
        | Q(review__isnull=True, collaborative_id__in=managing)
    )


def may_manage_recommendation(user: Any, recommendation: Recommendation) -> bool:
    if recommendation.review is not None:
        return may_manage(user, recommendation.review)
    role = active_roles(user).get(recommendation.collaborative_id)
    return role is not None and role_can(role, MANAGE)


def access_recommendation(user: Any, public_id: Any, *, manage: bool = False) -> Recommendation:
    key = parse_public_id(public_id)
    active_roles(user)
    recommendation = Recommendation.objects.for_list().filter(public_id=key).first()
    if recommendation is None:
        raise Http404
    if recommendation.review is not None:
        _visible(user, recommendation.review)
    else:
        role = active_roles(user).get(recommendation.collaborative_id)
        if role is None or not role_can(role, MANAGE):
            raise Http404
    if manage and not may_manage_recommendation(user, recommendation):
        raise PermissionDenied
    return recommendation
