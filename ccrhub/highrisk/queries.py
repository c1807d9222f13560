"""Reads of the high-risk area: the repeat rule, police incidents from tracking, lists,
the agenda's order, the action report and the steering group's escalation list."""

import datetime
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from ccrhub.accounts.restrictions import restricting
from ccrhub.cases.models import Case, Event
from ccrhub.highrisk.models import (
    Action,
    ActionStatus,
    Conference,
    ConferenceCase,
    Referral,
    TeamSettings,
    twelve_months_after,
    twelve_months_before,
)
from ccrhub.lib.hashing import keyed_hash
from ccrhub.partners.models import AgencyMembership, Collaborative
from ccrhub.survivors.models import Survivor

PAIR_PURPOSE = "highrisk-pair"
PERPETRATOR_PURPOSE = "highrisk-perpetrator-of-survivor"


def normalise_identifier(value: str) -> str:
    """Case, accents, spaces and punctuation do not make another person. Decomposed
    before folding too: compatibility forms (a mathematical 𝐴) only become plain
    letters with a case once decomposed, and must fold in the same pass."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def pair_key(victim_ref: str, perpetrator_ref: str) -> str:
    """The keyed hash naming one victim–perpetrator pair; the identifiers are not kept."""
    victim, perpetrator = normalise_identifier(victim_ref), normalise_identifier(perpetrator_ref)
    if not victim or not perpetrator:
        raise ValueError("Both identifiers are needed to name a pair.")
    return keyed_hash(f"{victim}|{perpetrator}", purpose=PAIR_PURPOSE)


def perpetrator_key(survivor: Survivor, perpetrator_ref: str) -> str:
    """The keyed hash naming the perpetrator for this one survivor record; "" without an
    identifier. Keyed with the record's id, so it matches nothing of another survivor."""
    perpetrator = normalise_identifier(perpetrator_ref)
    if not perpetrator:
        return ""
    return keyed_hash(f"{survivor.public_id}|{perpetrator}", purpose=PERPETRATOR_PURPOSE)


def is_perpetrator_of_linked_referral(survivor: Survivor, person_ref: str) -> bool:
    """Whether `person_ref` names the perpetrator of a high-risk referral of this survivor
    record, in any team and whatever its status (the survivor compartment asks, S10)."""
    key = perpetrator_key(survivor, person_ref)
    return bool(key) and Referral.objects.filter(survivor=survivor, perpetrator_key=key).exists()


@dataclass(frozen=True)
class RepeatFinding:
    is_repeat: bool
    previous: Referral | None
    previous_over_12_months: bool


def repeat_finding(collaborative_id: int, key: str, referred_on: datetime.date) -> RepeatFinding:
    """The repeat rule: a referral of a pair is a repeat when the pair's last earlier
    referral to this team was within 12 calendar months (the anniversary itself counts
    as within). Later than that, it is a new referral, noted as heard before."""
    previous = (
        Referral.objects.of_pair(collaborative_id, key)
        .filter(referred_on__lte=referred_on)
        .order_by("-referred_on", "-id")
        .first()
    )
    if previous is None:
        return RepeatFinding(False, None, False)
    within = referred_on <= twelve_months_after(previous.referred_on)
    return RepeatFinding(within, previous, not within)


def escalation_threshold(collaborative_id: int) -> int:
    team = TeamSettings.objects.filter(collaborative_id=collaborative_id).first()
    if team is not None and team.escalation_incidents:
        return int(team.escalation_incidents)
    return int(settings.CCRHUB_HIGHRISK_ESCALATION_INCIDENTS)


def police_incidents_within_year(case: Case, on: datetime.date) -> int:
    """Incidents recorded in tracking for the linked case's offender (every case of the
    tracking collaborative with the same offender key) in the 12 months up to `on`.

    This reads the `cases` models directly; `cases` offers no query for it."""
    start = twelve_months_before(on)
    return Event.objects.filter(
        case__collaborative_id=case.collaborative_id,
        case__offender_key=case.offender_key,
        stage="incident",
        occurred_on__gt=start,
        occurred_on__lte=on,
    ).count()


def teams_referred_to(survivor_id: int) -> set[int]:
    """The high-risk teams a survivor record was brought to by a referral: where its
    coordinators oversee who outside the owning agency reads it (S20)."""
    return set(
        Referral.objects.filter(survivor_id=survivor_id).values_list("collaborative_id", flat=True)
    )


def survivors_restricted_against(
    user: Any, survivor_ids: Collection[int] | None = None
) -> "QuerySet[Referral, Any]":
    """The survivor records (of `survivor_ids`, or all) a restriction against the user
    reaches (S6): one on a referral naming the record, or on the tracking case such a
    referral links. A restriction keeps a person away from every record tied to the
    restricted one, the survivor record another agency shared with theirs included.

    A `values("survivor_id")` query: a subquery for lists, or one query to evaluate."""
    on_referral = restricting(user, Referral).values("object_id")
    on_case = restricting(user, Case).values("object_id")
    reached = Referral.objects.filter(survivor__isnull=False).filter(
        Q(pk__in=on_referral) | Q(linked_case_id__in=on_case)
    )
    if survivor_ids is not None:
        reached = reached.filter(survivor_id__in=list(survivor_ids))
    return reached.values("survivor_id")


def referrals_for_list(collaborative_ids: list[int]) -> QuerySet[Referral]:
    return Referral.objects.filter(collaborative_id__in=collaborative_ids).for_list()


def conferences_for_list(collaborative_ids: list[int]) -> QuerySet[Conference]:
    return Conference.objects.filter(collaborative_id__in=collaborative_ids).for_list()


def high_risk_teams(collaborative_ids: list[int]) -> QuerySet[Collaborative]:
    return Collaborative.objects.filter(pk__in=collaborative_ids).order_by("name")


def agenda_of(conference: Conference) -> QuerySet[ConferenceCase]:
    return (
        ConferenceCase.objects.filter(conference=conference)
        .select_related("referral__referring_agency")
        .order_by("position", "id")
    )


def agenda_sort_key(referral: Referral) -> tuple[int, int, datetime.date, int]:
    """Children's cases first, then repeats, then by the date referred."""
    return (
        0 if referral.has_children else 1,
        0 if referral.is_repeat else 1,
        referral.referred_on,
        referral.pk,
    )


def awaiting_listing(conference: Conference) -> list[Referral]:
    """Referrals of the team not yet on any agenda, referred by the conference date."""
    return list(
        Referral.objects.filter(
            collaborative_id=conference.collaborative_id,
            status="new",
            referred_on__lte=conference.held_on,
        ).select_related("referring_agency")
    )


def twelve_months_passed(conference: Conference) -> list[Referral]:
    """Pairs whose 12 months since their last referral here ran out between the
    previous conference (or a month before, for the first) and this one: listed so
    the team knows a further referral will be a new one, not a repeat."""
    previous = previous_conference(conference)
    since = previous.held_on if previous else conference.held_on - datetime.timedelta(days=31)
    latest: dict[str, Referral] = {}
    referrals = Referral.objects.filter(
        collaborative_id=conference.collaborative_id, referred_on__lte=conference.held_on
    ).select_related("referring_agency")
    for referral in referrals.order_by("pair_key", "-referred_on", "-id"):
        latest.setdefault(referral.pair_key, referral)
    return [
        referral
        for referral in latest.values()
        if since < twelve_months_after(referral.referred_on) <= conference.held_on
    ]


def member_agency_ids(collaborative_id: int) -> list[int]:
    return list(
        AgencyMembership.objects.filter(
            collaborative_id=collaborative_id, is_active=True
        ).values_list("agency_id", flat=True)
    )


def missing_returns(conference: Conference) -> dict[int, int]:
    """Member agency id → number of agenda cases it has not returned research for."""
    cases = list(ConferenceCase.objects.filter(conference=conference).values_list("pk", flat=True))
    agencies = member_agency_ids(conference.collaborative_id)
    done: dict[int, set[int]] = {}
    for case_id, agency_id in conference_returns(conference).values_list(
        "conference_case_id", "agency_id"
    ):
        done.setdefault(agency_id, set()).add(case_id)
    return {
        agency_id: len(cases) - len(done.get(agency_id, set()))
        for agency_id in agencies
        if len(cases) - len(done.get(agency_id, set())) > 0
    }


def conference_returns(conference: Conference) -> Any:
    from ccrhub.highrisk.models import ResearchReturn

    return ResearchReturn.objects.filter(conference_case__conference=conference)


def previous_conference(conference: Conference) -> Conference | None:
    return (
        Conference.objects.filter(
            collaborative_id=conference.collaborative_id, held_on__lt=conference.held_on
        )
        .order_by("-held_on", "-id")
        .first()
    )


def action_report(conference: Conference) -> QuerySet[Action]:
    """Actions agreed at earlier conferences of the team that were open at the last one,
    or are still open: what each owner reports on before this meeting."""
    return (
        Action.objects.filter(
            conference_case__conference__collaborative_id=conference.collaborative_id,
            conference_case__conference__held_on__lt=conference.held_on,
        )
        .filter(Q(status=ActionStatus.OPEN) | Q(completed_at__date__gte=_since(conference)))
        .for_list()
        .order_by("owner_agency__name", "due_on", "id")
    )


def _since(conference: Conference) -> datetime.date:
    previous = previous_conference(conference)
    return previous.held_on if previous is not None else datetime.date.min


def escalations(collaborative_id: int, today: datetime.date) -> QuerySet[Action]:
    """Persistent non-completion for the steering group: actions still open and past
    due at two consecutive conferences (they were due before the last two held
    conferences and are still open), and actions recorded as not done."""
    held = list(
        Conference.objects.filter(
            collaborative_id=collaborative_id, held_on__lte=today, status="held"
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)[:2]
    )
    actions = Action.objects.filter(
        conference_case__conference__collaborative_id=collaborative_id
    ).for_list()
    not_done = Q(status=ActionStatus.NOT_DONE)
    if len(held) < 2:
        return actions.filter(not_done)
    overdue_twice = Q(status=ActionStatus.OPEN, due_on__lt=min(held))
    return actions.filter(not_done | overdue_twice)
