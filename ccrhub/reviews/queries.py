"""Reads of reviews: lists, the recommendations tracker and its recurring themes, the
merged chronology, SART adherence over time, and a finding's tracking measure."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from ccrhub.cases import stages
from ccrhub.partners.models import Collaborative
from ccrhub.reviews.access import visible_recommendations
from ccrhub.reviews.models import (
    Answer,
    ChecklistItem,
    ChronologyEntry,
    Finding,
    Method,
    Recommendation,
    RecommendationStatus,
    Review,
    ReviewKind,
)


def reviews_for_list(user: Any, collaborative_ids: list[int]) -> QuerySet[Review]:
    """The review list: the user's reviews with their counts (one query)."""
    reviews: Any = Review.objects.of_member(user, collaborative_ids)
    return reviews.for_list().order_by("-created_at")


def processing_point_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in stages.stages()]


def point_label(code: str) -> str:
    return stages.label(code) if code else ""


def measure_choices() -> list[tuple[str, str]]:
    from ccrhub.cases.measure_labels import MEASURE_LABELS
    from ccrhub.cases.metrics import MEASURES

    return [(spec.name, str(MEASURE_LABELS.get(spec.name, spec.name))) for spec in MEASURES]


def measure_value(collaborative: Collaborative, key: str) -> dict[str, Any] | None:
    """The current value of a tracking measure, as the metrics pages compute it
    (partner disclosure control applied)."""
    if not key:
        return None
    from ccrhub.cases.measure_labels import MEASURE_LABELS
    from ccrhub.cases.metrics import measures

    for entry in measures(collaborative, suppress=True)["measures"]:
        if entry["name"] == key:
            return {
                "key": key,
                "label": str(MEASURE_LABELS.get(key, key)),
                "unit": entry["unit"],
                "value": entry["value"],
                "numerator": entry["numerator"],
                "denominator": entry["denominator"],
            }
    return None


def findings_of(review: Review) -> QuerySet[Finding]:
    return review.findings.prefetch_related("documents", "recommendations__owner_agency")


def methods_used(findings: list[Finding]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        counts[finding.method] += 1
    return [(str(Method(m).label), counts[m]) for m in Method.values if counts[m]]


def merged_chronology(review: Review) -> QuerySet[ChronologyEntry]:
    """One timeline from every agency's entries, oldest first."""
    return review.entries.select_related("agency").order_by("occurred_on", "agency__name", "id")


# ---------------------------------------------------------------------------
# The recommendations tracker
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerFilters:
    owner_agency: str = ""
    status: str = ""
    theme: str = ""
    source_kind: str = ""
    overdue: bool = False


def tracker(user: Any, filters: TrackerFilters, today: datetime.date) -> QuerySet[Recommendation]:
    recommendations: Any = visible_recommendations(user)
    if filters.owner_agency:
        recommendations = recommendations.filter(owner_agency__public_id=filters.owner_agency)
    if filters.status:
        recommendations = recommendations.filter(status=filters.status)
    if filters.theme:
        recommendations = recommendations.filter(theme=filters.theme)
    if filters.source_kind:
        recommendations = recommendations.filter(source_kind=filters.source_kind)
    if filters.overdue:
        recommendations = recommendations.overdue(today)
    return recommendations.for_list().order_by("due_on", "id")


@dataclass(frozen=True)
class Theme:
    theme: str
    recommendations: int
    sources: int  # distinct reviews or outside sources

    @property
    def recurs(self) -> bool:
        return self.sources > 1


def themes(user: Any) -> list[Theme]:
    """Themes across the visible recommendations; those raised by more than one review
    (or source) recur. One query."""
    rows = (
        visible_recommendations(user)
        .exclude(theme="")
        .values("theme")
        .annotate(
            n=Count("pk"),
            reviews=Count("review", distinct=True),
            outside=Count("source_ref", filter=Q(review__isnull=True), distinct=True),
        )
        .order_by("-reviews", "theme")
    )
    found = [Theme(row["theme"], row["n"], row["reviews"] + row["outside"]) for row in rows]
    return sorted(found, key=lambda t: (-t.sources, -t.recommendations, t.theme))


def status_counts(recommendations: list[Recommendation]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for recommendation in recommendations:
        counts[recommendation.status] += 1
    return [(str(s.label), counts[s.value]) for s in RecommendationStatus]


# ---------------------------------------------------------------------------
# SART protocol adherence
# ---------------------------------------------------------------------------

FULFILLED_LABEL = gettext_lazy("Roles fulfilled")


@dataclass(frozen=True)
class AdherenceRow:
    agency: str
    cells: list[str]  # per period: "fulfilled / answered" or "—"
    fulfilled: int
    answered: int


def adherence(
    collaborative_ids: list[int], reviews: QuerySet[Review]
) -> tuple[list[str], list[AdherenceRow]]:
    """Per core member agency and quarter of the response: how often it fulfilled its
    role (yes) of the checks answered. One query."""
    items = (
        ChecklistItem.objects.filter(
            review__in=reviews.filter(kind=ReviewKind.SART, collaborative_id__in=collaborative_ids)
        )
        .exclude(fulfilled="")
        .exclude(fulfilled=Answer.NOT_APPLICABLE)
        .select_related("agency", "review")
    )
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    periods: set[str] = set()
    for item in items:
        on = item.review.response_on or item.review.created_at.date()
        period = f"{on.year} Q{(on.month - 1) // 3 + 1}"
        periods.add(period)
        cell = table[item.agency.name][period]
        cell[1] += 1
        if item.fulfilled == Answer.YES:
            cell[0] += 1
    ordered = sorted(periods)
    rows = []
    for agency in sorted(table):
        cells = table[agency]
        rows.append(
            AdherenceRow(
                agency=agency,
                cells=[f"{cells[p][0]} / {cells[p][1]}" if p in cells else "—" for p in ordered],
                fulfilled=sum(c[0] for c in cells.values()),
                answered=sum(c[1] for c in cells.values()),
            )
        )
    return ordered, rows
