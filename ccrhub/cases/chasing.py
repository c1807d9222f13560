"""What needs chasing: the open gaps of the case timeline, across every case a user may see.

Three kinds, each with the limit the timeline uses (`ccrhub.cases.stages`):

- a violation with no response after `violation_response_days()`;
- a BIP referral followed, on its track, by neither enrolment nor termination after
  `bip_enrolment_days()`;
- an order issued but not served after `order_service_days()` (and not yet expired).

The timeline flags these per case, in Python; here the same rules are written as SQL so
that a list over every case costs a fixed number of queries. A gap the timeline shows as
answered late ("answered after 12 days") is history, not something to chase.

Each item is listed for the agency that must act and for the coordinator of the
collaborative (who sees all of it):

- a violation → the agency that reported it and the probation agency supervising the
  case (the one that recorded its probation start);
- a BIP referral → the referring agency and the BIP agencies of the collaborative;
- an unserved order → the law-enforcement agencies of the collaborative.

Only cases the user may see are ever looked at (`visible_cases`): never a case
restricted against them or naming them as a party.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ccrhub.cases import stages
from ccrhub.cases.access import collaboratives_where, is_coordinator, visible_cases
from ccrhub.cases.models import Case, Event, Order, Violation, ViolationResponse
from ccrhub.partners.models import Sector

# A chasing page lists this many items of each kind, oldest first; the counts say the rest.
LIST_LIMIT = 100
KINDS = ("violations", "bip_referrals", "unserved_orders")


def order_service_days() -> int:
    """Days an issued order may wait for service before it needs chasing."""
    return settings.CCRHUB_ORDER_SERVICE_DAYS


def _days_before(today: datetime.date, days: int) -> datetime.date:
    # "Waited more than `days`" is (today - date).days > days, i.e. date < today - days.
    return today - datetime.timedelta(days=days)


# The open gaps over a set of cases, for anyone (the court docket uses these too).


def unanswered_violations(
    cases: "QuerySet[Case]", *, detected_before: datetime.date | None = None
) -> "QuerySet[Violation]":
    """Violations of these cases with no response; only those detected before a date if given."""
    answered = ViolationResponse.objects.filter(violation=OuterRef("pk"))
    found = Violation.objects.filter(case__in=cases).exclude(Exists(answered))
    if detected_before is not None:
        found = found.filter(detected_on__lt=detected_before)
    return found


def unenrolled_referrals(
    cases: "QuerySet[Case]", *, referred_before: datetime.date
) -> "QuerySet[Event]":
    """BIP referrals before a date with no enrolment or termination on their track since."""
    followed = Event.objects.filter(
        case=OuterRef("case"),
        track=OuterRef("track"),
        stage__in=("bip_enrolment", "bip_termination"),
        occurred_on__gte=OuterRef("occurred_on"),
    )
    return Event.objects.filter(
        case__in=cases, stage="bip_referral", occurred_on__lt=referred_before
    ).exclude(Exists(followed))


def unserved_orders(
    cases: "QuerySet[Case]", *, issued_before: datetime.date, today: datetime.date
) -> "QuerySet[Order]":
    """Orders issued before a date, never served, not expired (serving those is moot)."""
    return Order.objects.filter(
        case__in=cases, served_on__isnull=True, issued_on__lt=issued_before
    ).exclude(expires_on__lt=today)


# Who must act.


@dataclass(frozen=True)
class Scope:
    """The user's part: collaboratives they coordinate, and their agency's duties elsewhere."""

    coordinated: frozenset[int]
    agency_id: int | None
    # Collaboratives in which the user's agency is the BIP, or law enforcement.
    as_bip: frozenset[int] = frozenset()
    as_police: frozenset[int] = frozenset()


def scope_of(user: Any) -> Scope:
    """No query beyond the user's roles (cached on the user) and their agency."""
    viewing = collaboratives_where(user, "cases.view")
    agency = getattr(user, "agency", None)
    sector = agency.sector if agency is not None else ""
    mine = frozenset(viewing)
    return Scope(
        coordinated=frozenset(cid for cid in viewing if is_coordinator(user, cid)),
        agency_id=agency.pk if agency is not None else None,
        as_bip=mine if sector == Sector.BIP else frozenset(),
        as_police=mine if sector == Sector.LAW_ENFORCEMENT else frozenset(),
    )


def _coordinated(scope: Scope, case_path: str) -> Q:
    return Q(**{f"{case_path}collaborative_id__in": sorted(scope.coordinated)})


def violations_for(scope: Scope, found: "QuerySet[Violation]") -> "QuerySet[Violation]":
    mine = _coordinated(scope, "case__")
    if scope.agency_id is not None:
        supervising = Event.objects.filter(
            case=OuterRef("case"), stage="probation_start", agency_id=scope.agency_id
        )
        mine |= Q(reported_by_id=scope.agency_id) | Q(Exists(supervising))
    return found.filter(mine)


def referrals_for(scope: Scope, found: "QuerySet[Event]") -> "QuerySet[Event]":
    mine = _coordinated(scope, "case__") | Q(case__collaborative_id__in=sorted(scope.as_bip))
    if scope.agency_id is not None:
        mine |= Q(agency_id=scope.agency_id)
    return found.filter(mine)


def orders_for(scope: Scope, found: "QuerySet[Order]") -> "QuerySet[Order]":
    mine = _coordinated(scope, "case__") | Q(case__collaborative_id__in=sorted(scope.as_police))
    return found.filter(mine)


def chasing_querysets(
    user: Any, *, today: datetime.date | None = None
) -> dict[str, "QuerySet[Any]"]:
    """Kind → the open gaps the user must chase, unevaluated, oldest first."""
    today = today or timezone.localdate()
    cases = visible_cases(user)
    scope = scope_of(user)
    violations = unanswered_violations(
        cases, detected_before=_days_before(today, stages.violation_response_days())
    )
    referrals = unenrolled_referrals(
        cases, referred_before=_days_before(today, stages.bip_enrolment_days())
    )
    orders = unserved_orders(
        cases, issued_before=_days_before(today, order_service_days()), today=today
    )
    return {
        "violations": violations_for(scope, violations)
        .select_related("case__collaborative", "reported_by")
        .order_by("detected_on", "id"),
        "bip_referrals": referrals_for(scope, referrals)
        .select_related("case__collaborative", "agency")
        .order_by("occurred_on", "id"),
        "unserved_orders": orders_for(scope, orders)
        .select_related("case__collaborative", "issued_by")
        .order_by("issued_on", "id"),
    }


def chasing_counts(user: Any, *, today: datetime.date | None = None) -> dict[str, int]:
    """Kind → how many items the user must chase: one count query per kind."""
    if not collaboratives_where(user, "cases.view"):
        return dict.fromkeys(KINDS, 0)
    return {kind: found.count() for kind, found in chasing_querysets(user, today=today).items()}


@dataclass
class ChasingList:
    today: datetime.date
    counts: dict[str, int]
    items: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def chasing_list(user: Any, *, today: datetime.date | None = None) -> ChasingList:
    """The counts and the oldest LIST_LIMIT items of each kind; six queries in all."""
    today = today or timezone.localdate()
    found = chasing_querysets(user, today=today)
    result = ChasingList(today=today, counts={kind: qs.count() for kind, qs in found.items()})
    for kind, qs in found.items():
        result.items[kind] = list(qs[:LIST_LIMIT])
    for violation in result.items["violations"]:
        violation.waited_days = (today - violation.detected_on).days
    for referral in result.items["bip_referrals"]:
        referral.waited_days = (today - referral.occurred_on).days
    for order in result.items["unserved_orders"]:
        order.waited_days = (today - order.issued_on).days
    return result
