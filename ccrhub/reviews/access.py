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

from typing import Any, TypeVar, cast

from django.db.models import Q, QuerySet
from django.http import Http404

from ccrhub.lib.access import (
    access_scoped,
    access_within,
    collaboratives_where,
    holds,
    require_collaboratives,
)
from ccrhub.partners.queries import active_roles
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
Row = TypeVar("Row", Review, Document, Finding, Annotation)


def require_reviews_role(user: Any) -> list[int]:
    """Collaboratives where the user may see reviews; 403 if none."""
    return require_collaboratives(user, VIEW)


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
    return (
        member is not None
        and member.role in (TeamRole.COORDINATOR, TeamRole.CHAIR)
        and holds(user, MANAGE, review.collaborative_id)
    )


def _review_of(row: Any) -> Review:
    if isinstance(row, Review):
        return row
    if isinstance(row, Annotation):
        return row.document.review
    return cast(Review, row.review)


def _refuse_non_member(user: Any, row: Any) -> None:
    """A review and what hangs off it are for the review's own members."""
    if membership(user, _review_of(row)) is None:
        raise Http404


def _manages(user: Any, row: Any) -> bool:
    return may_manage(user, _review_of(row))


def _access(rows: QuerySet[Row], user: Any, public_id: Any, *, scope: str, manage: bool) -> Row:
    return access_scoped(
        rows,
        user,
        public_id,
        permission=VIEW,
        scope=scope,
        refuse=_refuse_non_member,
        write=manage,
        writes=_manages,
    )


def access_part(user: Any, model: Any, public_id: Any) -> Any:
    """A row that hangs off a review (`review` foreign key), if the review is visible."""
    rows = model.objects.select_related("review__collaborative")
    return _access(rows, user, public_id, scope="review__collaborative_id", manage=False)


def access_review(user: Any, public_id: Any, *, manage: bool = False) -> Review:
    """The review, if the user is one of its members; managing is for its coordinator."""
    reviews = Review.objects.select_related("collaborative")
    return _access(reviews, user, public_id, scope="collaborative_id", manage=manage)


def access_document(user: Any, public_id: Any) -> Document:
    documents = Document.objects.select_related("review", "review__collaborative", "agency")
    return _access(documents, user, public_id, scope="review__collaborative_id", manage=False)


def access_finding(user: Any, public_id: Any, *, manage: bool = False) -> Finding:
    findings = Finding.objects.select_related("review", "review__collaborative")
    return _access(findings, user, public_id, scope="review__collaborative_id", manage=manage)


def access_annotation(user: Any, public_id: Any) -> Annotation:
    annotations = Annotation.objects.select_related("document__review__collaborative", "finding")
    return _access(
        annotations, user, public_id, scope="document__review__collaborative_id", manage=False
    )


def visible_recommendations(user: Any) -> QuerySet[Recommendation]:
    """Recommendations of the user's reviews, and those from elsewhere in the
    collaboratives where they manage reviews."""
    viewing = collaboratives_where(user, VIEW)
    managing = collaboratives_where(user, MANAGE)
    member_of = ReviewMember.objects.filter(user=user, is_active=True).values("review_id")
    return Recommendation.objects.filter(
        Q(review_id__in=member_of, collaborative_id__in=viewing)
        | Q(review__isnull=True, collaborative_id__in=managing)
    )


def may_manage_recommendation(user: Any, recommendation: Recommendation) -> bool:
    if recommendation.review is not None:
        return may_manage(user, recommendation.review)
    return holds(user, MANAGE, recommendation.collaborative_id)


def _refuse_unseen_recommendation(user: Any, recommendation: Recommendation) -> None:
    """A review's recommendations follow the review; others are for those who manage
    reviews in the collaborative."""
    review = recommendation.review
    if review is not None:
        if not holds(user, VIEW, review.collaborative_id):
            raise Http404
        _refuse_non_member(user, review)
    elif not holds(user, MANAGE, recommendation.collaborative_id):
        raise Http404


def access_recommendation(user: Any, public_id: Any, *, manage: bool = False) -> Recommendation:
    recommendations = Recommendation.objects.for_list()
    return access_within(
        recommendations,
        user,
        public_id,
        scope="collaborative_id",
        within=list(active_roles(user)),
        refuse=_refuse_unseen_recommendation,
        write=manage,
        writes=may_manage_recommendation,
    )
