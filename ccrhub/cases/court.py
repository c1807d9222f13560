"""A specialist court's docket: what is coming before it and what it should review.

Per court agency (sector "courts"), over the cases before that court — those in which
it recorded an event or issued an order — in the collaboratives where the reader may
see cases and the court is a member:

- upcoming hearings: court events at hearing stages dated today or later, and review
  hearings set in response to a violation;
- the compliance-review docket: BIP non-compliance (a termination not followed by the
  case's closure, or a referral left unenrolled beyond the limit) and violations still
  awaiting a response;
- no-contact orders in force: a criminal no-contact order, or any order carrying the
  no-contact condition, issued and not expired.

A fixed number of queries whatever the number of cases.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.audit.log import record_denial
from ccrhub.cases import stages
from ccrhub.cases.access import collaboratives_where, visible_cases
from ccrhub.cases.chasing import unanswered_violations, unenrolled_referrals
from ccrhub.cases.models import Case, Event, Order, ResponseKind, ViolationResponse
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import Agency, AgencyMembership, Sector
from ccrhub.partners.queries import active_roles

HEARING_STAGES = ("first_appearance", "plea", "trial", "disposition", "sentence")
DOCKET_LIMIT = 200


def courts_for(user: Any) -> "QuerySet[Agency]":
    """Court agencies that are active members of the collaboratives where the user sees cases."""
    members = AgencyMembership.objects.filter(
        agency=OuterRef("pk"),
        is_active=True,
        collaborative_id__in=collaboratives_where(user, "cases.view"),
    )
    return Agency.objects.filter(sector=Sector.COURTS, is_active=True).filter(Exists(members))


def access_court(user: Any, public_id: object) -> tuple[Agency, list[int]]:
    """The court and the collaboratives whose cases its docket shows to this user.

    404 (audited, like a made-up id) for an agency that is not a court, or a court
    sitting in none of the collaboratives where the user may see cases.
    """
    active_roles(user)  # first, so a missing and a hidden court cost the same
    try:
        key = parse_public_id(public_id)
    except Http404:
        key = uuid.UUID(int=0)  # no agency has it; the same queries follow
    court = Agency.objects.filter(public_id=key, sector=Sector.COURTS).first()
    shared = list(
        AgencyMembership.objects.filter(
            agency__public_id=key,
            agency__sector=Sector.COURTS,
            is_active=True,
            collaborative_id__in=collaboratives_where(user, "cases.view"),
        ).values_list("collaborative_id", flat=True)
    )
    if court is None or not shared:
        record_denial(
            actor=user,
            action="court.not_found",
            object_type="partners.agency",
            requested_id=public_id,
        )
        raise Http404
    return court, shared


@dataclass
class Hearing:
    on: datetime.date
    title: str
    case: Case
    track: str = ""


@dataclass
class ReviewItem:
    since: datetime.date
    reason: str
    case: Case
    overdue: bool = False


@dataclass
class Docket:
    court: Agency
    today: datetime.date
    hearings: list[Hearing] = field(default_factory=list)
    compliance: list[ReviewItem] = field(default_factory=list)
    no_contact: list[Order] = field(default_factory=list)


def cases_before(user: Any, court: Agency, collaborative_ids: list[int]) -> "QuerySet[Case]":
    """Visible cases of these collaboratives in which the court recorded or ordered something."""
    heard = Event.objects.filter(case=OuterRef("pk"), agency=court)
    ordered = Order.objects.filter(case=OuterRef("pk"), issued_by=court)
    return (
        visible_cases(user)
        .filter(collaborative_id__in=collaborative_ids)
        .filter(Q(Exists(heard)) | Q(Exists(ordered)))
    )


def _hearings(court: Agency, cases: "QuerySet[Case]", today: datetime.date) -> list[Hearing]:
    events = (
        Event.objects.filter(
            case__in=cases, agency=court, stage__in=HEARING_STAGES, occurred_on__gte=today
        )
        .select_related("case")
        .order_by("occurred_on", "id")[:DOCKET_LIMIT]
    )
    reviews = (
        ViolationResponse.objects.filter(
            violation__case__in=cases, kind=ResponseKind.REVIEW_HEARING, responded_on__gte=today
        )
        .select_related("violation__case")
        .order_by("responded_on", "id")[:DOCKET_LIMIT]
    )
    hearings = [Hearing(e.occurred_on, stages.label(e.stage), e.case, e.track) for e in events]
    hearings += [
        Hearing(r.responded_on, _("Violation review hearing"), r.violation.case) for r in reviews
    ]
    hearings.sort(key=lambda hearing: hearing.on)
    return hearings[:DOCKET_LIMIT]


def _compliance(cases: "QuerySet[Case]", today: datetime.date) -> list[ReviewItem]:
    closed = Event.objects.filter(
        case=OuterRef("case"), stage="closure", occurred_on__gte=OuterRef("occurred_on")
    )
    terminations = (
        Event.objects.filter(case__in=cases, stage="bip_termination")
        .exclude(Exists(closed))
        .select_related("case")
        .order_by("occurred_on", "id")[:DOCKET_LIMIT]
    )
    limit = stages.bip_enrolment_days()
    referrals = (
        unenrolled_referrals(cases, referred_before=today - datetime.timedelta(days=limit))
        .select_related("case")
        .order_by("occurred_on", "id")[:DOCKET_LIMIT]
    )
    violations = (
        unanswered_violations(cases)
        .select_related("case")
        .order_by("detected_on", "id")[:DOCKET_LIMIT]
    )
    response_limit = stages.violation_response_days()
    items = [ReviewItem(e.occurred_on, _("BIP terminated"), e.case) for e in terminations]
    items += [
        ReviewItem(e.occurred_on, _("BIP referral not enrolled"), e.case, overdue=True)
        for e in referrals
    ]
    items += [
        ReviewItem(
            v.detected_on,
            _("%(kind)s awaiting a response") % {"kind": v.get_kind_display()},
            v.case,
            overdue=(today - v.detected_on).days > response_limit,
        )
        for v in violations
    ]
    items.sort(key=lambda item: item.since)
    return items[:DOCKET_LIMIT]


def _no_contact_in_force(cases: "QuerySet[Case]", today: datetime.date) -> list[Order]:
    in_force = (
        Order.objects.filter(case__in=cases, issued_on__lte=today)
        .exclude(expires_on__lt=today)
        .select_related("case", "issued_by")
        .order_by("issued_on", "id")
    )
    # The conditions are a JSON list: SQLite has no containment lookup, so filter here.
    return [o for o in in_force if o.kind == "no_contact" or "no_contact" in o.conditions][
        :DOCKET_LIMIT
    ]


def court_docket(
    user: Any, court: Agency, collaborative_ids: list[int], *, today: datetime.date | None = None
) -> Docket:
    today = today or timezone.localdate()
    cases = cases_before(user, court, collaborative_ids)
    return Docket(
        court=court,
        today=today,
        hearings=_hearings(court, cases, today),
        compliance=_compliance(cases, today),
        no_contact=_no_contact_in_force(cases, today),
    )
