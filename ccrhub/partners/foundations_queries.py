"""Reads of team foundations: the mission statement and its versions, the leadership
and whose terms end soon, links to goals and the roles matrix, one-to-ones."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ccrhub.partners.models import (
    Collaborative,
    LeadershipTerm,
    MissionStatus,
    MissionVersion,
    OneToOneMeeting,
)

# A term ending within this many days is flagged.
ENDS_SOON_DAYS = 60


def adoptable_mission_versions(collaborative_id: int) -> list[MissionVersion]:
    """Proposed versions: what a decision of the collaborative may adopt (see
    `ccrhub.meetings.adoption`)."""
    return list(
        MissionVersion.objects.filter(
            collaborative_id=collaborative_id, status=MissionStatus.PROPOSED
        ).select_related("collaborative")
    )


def mission_versions(collaborative: Collaborative) -> QuerySet[MissionVersion]:
    return MissionVersion.objects.filter(collaborative=collaborative).select_related(
        "adopted_by", "adopted_by__meeting"
    )


def adopted_mission(versions: list[MissionVersion]) -> MissionVersion | None:
    return next((v for v in versions if v.status == MissionStatus.ADOPTED), None)


@dataclass(frozen=True)
class TermRow:
    term: LeadershipTerm
    ends_soon: bool
    days_left: int | None


def current_leadership(collaborative: Collaborative, *, today: datetime.date) -> list[TermRow]:
    """Terms in force today, chair first; those ending within ENDS_SOON_DAYS flagged."""
    terms = (
        LeadershipTerm.objects.filter(collaborative=collaborative, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user", "user__agency")
    )
    order = {"chair": 0, "co_chair": 1, "coordinator": 2}
    rows = []
    for term in sorted(terms, key=lambda t: (order.get(t.position, 9), t.starts_on)):
        days_left = (term.ends_on - today).days if term.ends_on else None
        rows.append(TermRow(term, days_left is not None and days_left <= ENDS_SOON_DAYS, days_left))
    return rows


def past_and_future_terms(collaborative: Collaborative, *, today: datetime.date) -> Any:
    return (
        LeadershipTerm.objects.filter(collaborative=collaborative)
        .filter(Q(starts_on__gt=today) | Q(ends_on__lt=today))
        .select_related("user")
        .order_by("-starts_on")
    )


@dataclass(frozen=True)
class Link:
    label: Any
    url: str


# Pages of other areas linked from the foundations page: (label, URL name, takes the
# collaborative's id). A page whose URL does not resolve (not built yet) is skipped.
# (label, URL name, whether the route takes the collaborative's id).
RELATED_PAGES = (
    (_("Goals"), "evaluation:goal-list", False),
    (_("Roles and responsibilities"), "protocols:responsibility-matrix", True),
    (_("Cross-training"), "meetings:training-list", True),
    (_("Meetings"), "meetings:meeting-list", False),
)


def related_links(collaborative: Collaborative) -> list[Link]:
    """Pages of other areas about the collaborative's work."""
    return [
        Link(label, reverse(name, args=[collaborative.public_id] if takes_id else []))
        for label, name, takes_id in RELATED_PAGES
    ]


def my_one_to_ones(user: Any, collaborative: Collaborative) -> QuerySet[OneToOneMeeting]:
    """The user's own entries: nobody else's, other coordinators' included."""
    return OneToOneMeeting.objects.filter(
        author_id=user.pk, collaborative=collaborative
    ).select_related("agency")
