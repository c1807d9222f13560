"""Fetch-and-authorise for cases: what a user may not see answers like what does not exist."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.accounts.restrictions import deny_restricted, restricted_against
from ccrhub.audit.log import record_denial
from ccrhub.cases import stages
from ccrhub.cases.models import Case, CaseQuerySet, Event, Order, Violation
from ccrhub.partners.models import Role
from ccrhub.partners.queries import active_roles, can, role_in
from ccrhub.partners.roles import role_can


def collaboratives_where(user: Any, permission: str) -> list[int]:
    return [cid for cid, role in active_roles(user).items() if role_can(role, permission)]


def visible_cases(user: Any) -> CaseQuerySet:
    """Cases of the user's collaboratives, less those restricted against them."""
    return Case.objects.in_collaboratives(
        collaboratives_where(user, "cases.view")
    ).not_restricted_against(user)


def require_case_role(user: Any) -> None:
    """Lists of cases are for roles that work cases; analysts see aggregates only."""
    if not collaboratives_where(user, "cases.view"):
        raise PermissionDenied


def _not_found(user: Any, public_id: object, *, what: str = "case") -> Http404:
    # Audited without revealing, even to the trail's readers, whether the id exists; what
    # was asked for is kept as a keyed hash, since a path segment can be any text (S19).
    record_denial(
        actor=user, action=f"{what}.not_found", object_type=f"cases.{what}", requested_id=public_id
    )
    return Http404()


def _key(user: Any, public_id: object, what: str) -> uuid.UUID:
    active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise _not_found(user, public_id, what=what) from None


def _visible(user: Any, case: Case | None, key: uuid.UUID, what: str) -> Case:
    """The parent case if the user may see it; 404 (audited) for anything else."""
    if case is None or not can(user, "cases.view", case.collaborative_id):
        raise _not_found(user, key, what=what)
    if restricted_against(user, case):
        deny_restricted(user, case)
        raise Http404()
    return case


def is_coordinator(user: Any, collaborative_id: int) -> bool:
    return role_in(user, collaborative_id) == Role.COORDINATOR


def owns(user: Any, collaborative_id: int, agency_id: int | None) -> bool:
    """Whether the user may change what this agency recorded: its own staff or a coordinator."""
    if is_coordinator(user, collaborative_id):
        return True
    return agency_id is not None and getattr(user, "agency_id", None) == agency_id


def access_case(user: Any, public_id: object, *, write: bool = False) -> Case:
    """The case, if the user may see it; 404 otherwise; 403 if visible but read-only."""
    key = _key(user, public_id, "case")
    found = Case.objects.select_related("collaborative", "lead_agency").filter(public_id=key)
    case = _visible(user, found.first(), key, "case")
    if write and not can(user, "cases.write", case.collaborative_id):
        raise PermissionDenied
    return case


def recording_sector(user: Any, case: Case) -> str | None:
    """None for a coordinator (records for any member agency), else the user's sector."""
    if is_coordinator(user, case.collaborative_id):
        return None
    agency = getattr(user, "agency", None)
    return agency.sector if agency else ""


def what_user_records(user: Any, case: Case) -> dict[str, bool]:
    """What the user may record on the case, by the stage model's sectors: the entry
    forms a case page offers, and what the API accepts (the actions check again)."""
    if not can(user, "cases.write", case.collaborative_id):
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


def _owned(user: Any, case: Case, agency_id: int | None, *, write: bool) -> None:
    if write and not (
        can(user, "cases.write", case.collaborative_id)
        and owns(user, case.collaborative_id, agency_id)
    ):
        raise PermissionDenied


def access_event(user: Any, public_id: object, *, write: bool = False) -> Event:
    """An event of a visible case; writing it is for the recording agency or a coordinator."""
    key = _key(user, public_id, "event")
    event = Event.objects.select_related("case__collaborative", "agency").filter(public_id=key)
    found = event.first()
    case = _visible(user, found.case if found else None, key, "event")
    assert found is not None  # _visible raised otherwise
    _owned(user, case, found.agency_id, write=write)
    return found


def access_order(user: Any, public_id: object, *, write: bool = False) -> Order:
    """An order of a visible case. Writing (serving) it is checked by the action's sectors."""
    key = _key(user, public_id, "order")
    found = Order.objects.select_related("case__collaborative", "issued_by").filter(public_id=key)
    order = found.first()
    case = _visible(user, order.case if order else None, key, "order")
    assert order is not None
    if write and not can(user, "cases.write", case.collaborative_id):
        raise PermissionDenied
    return order


def access_violation(user: Any, public_id: object, *, write: bool = False) -> Violation:
    """A violation of a visible case; writing (responding) needs case write access.

    Which agencies may respond is the stage model's answer, checked by the action.
    """
    key = _key(user, public_id, "violation")
    found = Violation.objects.select_related("case__collaborative", "reported_by", "order")
    violation = found.filter(public_id=key).first()
    case = _visible(user, violation.case if violation else None, key, "violation")
    assert violation is not None
    if write and not can(user, "cases.write", case.collaborative_id):
        raise PermissionDenied
    return violation
