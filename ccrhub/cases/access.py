"""Fetch-and-authorise for cases: what a user may not see answers like what does not exist."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from ccrhub.accounts.restrictions import refuse_if_restricted
from ccrhub.audit.log import record_denial
from ccrhub.cases import stages
from ccrhub.cases.models import Case, CaseQuerySet, Event, Order, Violation
from ccrhub.lib.access import (
    NotVisible,
    WriteRule,
    access_scoped,
    collaboratives_where,
    holds,
    require_collaboratives,
)
from ccrhub.partners.models import Role
from ccrhub.partners.queries import role_in

WRITE = "cases.write"
Row = TypeVar("Row", Case, Event, Order, Violation)


def visible_cases(user: Any) -> CaseQuerySet:
    """Cases of the user's collaboratives, less those restricted against them."""
    return Case.objects.in_collaboratives(
        collaboratives_where(user, "cases.view")
    ).not_restricted_against(user)


def require_case_role(user: Any) -> None:
    """Lists of cases are for roles that work cases; analysts see aggregates only."""
    require_collaboratives(user, "cases.view")


def _not_found(user: Any, public_id: object, *, what: str = "case") -> Http404:
    # Audited without revealing, even to the trail's readers, whether the id exists; what
    # was asked for is kept as a keyed hash, since a path segment can be any text (S19).
    record_denial(
        actor=user, action=f"{what}.not_found", object_type=f"cases.{what}", requested_id=public_id
    )
    return Http404()


def _refuse_restricted_case(user: Any, row: Case | Event | Order | Violation) -> None:
    refuse_if_restricted(user, row if isinstance(row, Case) else row.case)


def _access(
    rows: QuerySet[Row], user: Any, public_id: object, *, what: str, write: bool, writes: WriteRule
) -> Row:
    """A case or a row of one, if the user may see the case (restrictions included);
    404, audited, otherwise."""
    try:
        return access_scoped(
            rows,
            user,
            public_id,
            permission="cases.view",
            scope="collaborative_id" if what == "case" else "case__collaborative_id",
            refuse=_refuse_restricted_case,
            write=write,
            writes=writes,
        )
    except NotVisible:
        raise _not_found(user, public_id, what=what) from None


def is_coordinator(user: Any, collaborative_id: int) -> bool:
    return role_in(user, collaborative_id) == Role.COORDINATOR


def owns(user: Any, collaborative_id: int, agency_id: int | None) -> bool:
    """Whether the user may change what this agency recorded: its own staff or a coordinator."""
    if is_coordinator(user, collaborative_id):
        return True
    return agency_id is not None and getattr(user, "agency_id", None) == agency_id


def access_case(user: Any, public_id: object, *, write: bool = False) -> Case:
    """The case, if the user may see it; 404 otherwise; 403 if visible but read-only."""
    cases = Case.objects.select_related("collaborative", "lead_agency")
    return _access(cases, user, public_id, what="case", write=write, writes=WRITE)


def recording_sector(user: Any, case: Case) -> str | None:
    """None for a coordinator (records for any member agency), else the user's sector."""
    if is_coordinator(user, case.collaborative_id):
        return None
    agency = getattr(user, "agency", None)
    return agency.sector if agency else ""


def what_user_records(user: Any, case: Case) -> dict[str, bool]:
    """What the user may record on the case, by the stage model's sectors: the entry
    forms a case page offers, and what the API accepts (the actions check again)."""
    if not holds(user, WRITE, case.collaborative_id):
        return {}
    sector = recording_sector(user, case)

    def records(sectors: frozenset[str]) -> bool:
        return sector is None or sector in sectors

    return {
        "events": any(records(s.sectors) for s in stages.stages()),
        "orders": any(records(o.sectors) for o in stages.order_kinds()),
        "violations": records(stages.stage("violation").sectors),
        "responses": records(stages.stage("violation_response").sectors),
        "service": records(stages.stage("protection_order_served").sectors),
    }


def require_records(user: Any, case: Case, what: str) -> None:
    """403 for a user whose agency records nothing of this kind, before any form or body
    is read: the same answer behind the page and the API."""
    if not what_user_records(user, case).get(what):
        raise PermissionDenied


def _writes_event(user: Any, event: Event) -> bool:
    """The recording agency or a coordinator, with case write access."""
    collaborative_id = event.case.collaborative_id
    return holds(user, WRITE, collaborative_id) and owns(user, collaborative_id, event.agency_id)


def access_event(user: Any, public_id: object, *, write: bool = False) -> Event:
    """An event of a visible case; writing it is for the recording agency or a coordinator."""
    events = Event.objects.select_related("case__collaborative", "agency")
    return _access(events, user, public_id, what="event", write=write, writes=_writes_event)


def access_order(user: Any, public_id: object, *, write: bool = False) -> Order:
    """An order of a visible case. Writing (serving) it is checked by the action's sectors."""
    orders = Order.objects.select_related("case__collaborative", "issued_by")
    return _access(orders, user, public_id, what="order", write=write, writes=WRITE)


def access_violation(user: Any, public_id: object, *, write: bool = False) -> Violation:
    """A violation of a visible case; writing (responding) needs case write access.

    Which agencies may respond is the stage model's answer, checked by the action.
    """
    violations = Violation.objects.select_related("case__collaborative", "reported_by", "order")
    return _access(violations, user, public_id, what="violation", write=write, writes=WRITE)
