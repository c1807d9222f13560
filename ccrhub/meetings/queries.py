"""Reads of meetings, action items and calendar feeds, scoped to what a user may see."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from ccrhub.meetings.calendar import feed_token, token_digest
from ccrhub.meetings.models import (
    ActionItem,
    ActionItemQuerySet,
    ActionStatus,
    AgendaItem,
    Attendance,
    Ballot,
    CalendarFeed,
    Decision,
    DecisionQuerySet,
    Meeting,
    MeetingQuerySet,
    Tally,
    VoteChoice,
)
from ccrhub.partners.models import Agency, Representative
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.partners.roles import role_can

# The feed shows meetings from this long ago up to the materialisation horizon.
FEED_PAST_DAYS = 92
LIST_LIMIT = 200


def visible_meetings(user: Any) -> MeetingQuerySet:
    return Meeting.objects.in_collaboratives(collaborative_ids_with(user, "meetings.view"))


def meetings_for_list(user: Any, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Upcoming meetings (soonest first) and recent past ones (latest first)."""
    now = now or timezone.now()
    meetings = visible_meetings(user).for_list()
    return {
        "upcoming": list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:LIST_LIMIT]),
        "past": list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:LIST_LIMIT]),
    }


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related("owner", "owner__agency").order_by("position", "id")


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("user", "agency").order_by(
        "agency__name", "user__full_name", "user__email"
    )


def representatives_of(collaborative_id: int) -> QuerySet[Representative]:
    """People who may attend, own agenda items or own actions: the active roles."""
    return (
        Representative.objects.filter(collaborative_id=collaborative_id, is_active=True)
        .select_related("user", "user__agency")
        .order_by("user__agency__name", "user__full_name", "user__email")
    )


def member_agencies(collaborative_id: int) -> QuerySet[Agency]:
    return Agency.objects.filter(
        memberships__collaborative_id=collaborative_id, memberships__is_active=True
    ).order_by("name")


def visible_action_items(user: Any) -> ActionItemQuerySet:
    return ActionItem.objects.in_collaboratives(collaborative_ids_with(user, "meetings.view"))


def _open_first(items: ActionItemQuerySet) -> ActionItemQuerySet:
    rank = Case(
        When(status=ActionStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return items.annotate(closed_rank=rank).order_by("closed_rank", "due_on", "id")


def my_actions(user: Any) -> list[ActionItem]:
    """Actions the user owns, or their agency owns without a named person: open first."""
    mine = Q(owner=user)
    agency_id = getattr(user, "agency_id", None)
    if agency_id is not None:
        mine |= Q(owner__isnull=True, owner_agency_id=agency_id)
    return list(_open_first(visible_action_items(user).filter(mine).for_list())[:LIST_LIMIT])


@dataclass(frozen=True)
class AgencyOverdue:
    agency: Agency
    items: list[ActionItem]


def overdue_by_agency(user: Any, *, today: datetime.date | None = None) -> list[AgencyOverdue]:
    """Overdue open actions of the user's collaboratives, grouped by owning agency (one query)."""
    today = today or timezone.localdate()
    items = (
        visible_action_items(user)
        .overdue(today)
        .for_list()
        .order_by("owner_agency__name", "due_on", "id")
    )
    groups: dict[int, AgencyOverdue] = {}
    for item in items[: LIST_LIMIT * 5]:
        group = groups.setdefault(item.owner_agency_id, AgencyOverdue(item.owner_agency, []))
        group.items.append(item)
    return list(groups.values())


def actions_of_meeting(meeting: Meeting) -> ActionItemQuerySet:
    return ActionItem.objects.filter(meeting=meeting).for_list().order_by("due_on", "id")


def action_item_with_comments(item: ActionItem) -> ActionItem:
    comments = Prefetch("comments", queryset=item.comments.select_related("author"))
    return ActionItem.objects.for_list().prefetch_related(comments).get(pk=item.pk)


# ---------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------


def live_feed(user: Any) -> CalendarFeed | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of an active user with this token; None for anything else."""
    if not token or len(token) > 128:
        return None
    return (
        CalendarFeed.objects.filter(
            digest=token_digest(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )


def feed_path(feed: CalendarFeed) -> str:
    return reverse("meetings:calendar-feed", kwargs={"token": feed_token(feed)})


def calendar_feed_url(user: Any, request: Any) -> str | None:
    """The absolute address of the user's secret iCalendar feed, or None without one.

    For `calendar_feed_url` in /api/v1/me. The address is a credential: it is shown
    only to its owner.
    """
    feed = live_feed(user)
    if feed is None:
        return None
    path = feed_path(feed)
    return str(request.build_absolute_uri(path)) if request is not None else path


def feed_meetings(user: Any, *, now: datetime.datetime | None = None) -> Iterable[Meeting]:
    from ccrhub.meetings.recurrence import horizon

    now = now or timezone.now()
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        visible_meetings(user)
        .filter(starts_at__gte=since, starts_at__lte=horizon(now))
        .select_related("collaborative")
        .order_by("starts_at", "id")
    )


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def visible_decisions(user: Any) -> DecisionQuerySet:
    ids = collaborative_ids_with(user, "meetings.view")
    return Decision.objects.in_collaboratives(ids).for_list()


def decisions_of_meeting(meeting: Meeting) -> QuerySet[Decision]:
    # The adopted objects in one query per kind, not one per decision.
    return meeting.decisions.prefetch_related("adopted").order_by("created_at", "id")


def ballot_of(user: Any, decision: Decision) -> Ballot | None:
    """The ballot that counts for the user: their own, or on a per-agency decision the
    one a colleague cast for their agency."""
    ballots = Ballot.objects.filter(decision=decision).select_related("voter", "agency")
    own = ballots.filter(voter_id=user.pk).first()
    agency_id = getattr(user, "agency_id", None)
    if own is not None or not decision.per_agency or agency_id is None:
        return own
    return ballots.filter(agency_id=agency_id).first()


def eligible_count(decision: Decision) -> int:
    """How many ballots the decision can receive: member agencies, or people with a role
    that sees meetings."""
    if decision.per_agency:
        return member_agencies(decision.collaborative_id).count()
    roles = Representative.objects.filter(
        collaborative_id=decision.collaborative_id, is_active=True
    ).values_list("role", flat=True)
    return sum(1 for role in roles if role_can(role, "meetings.view"))


def results_of(decision: Decision) -> list[tuple[str, int]] | None:
    """(option label, count) in the order of the options; None while the vote runs, for
    everyone, the coordinator included."""
    if not decision.is_closed:
        return None
    counts = dict(Tally.objects.filter(decision=decision).values_list("choice", "count"))
    return [(str(choice.label), counts.get(choice.value, 0)) for choice in VoteChoice]


def named_votes_of(decision: Decision) -> QuerySet[Ballot] | None:
    """Who voted what: only on closed decisions that are not anonymous."""
    if not decision.is_closed or decision.anonymous:
        return None
    return Ballot.objects.filter(decision=decision).select_related("voter", "agency")
