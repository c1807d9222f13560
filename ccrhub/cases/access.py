"""Fetch-and-authorise for cases: what a user may not see answers like what does not exist."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.accounts.restrictions import deny_restricted, restricted_against
from ccrhub.audit.log import record
from ccrhub.cases.models import Case, CaseQuerySet
from ccrhub.partners.queries import active_roles, can
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


def _not_found(user: Any, public_id: object) -> Http404:
    # Audited without revealing, even to the trail's readers, whether the id exists.
    record(
        actor=user,
        action="case.not_found",
        outcome="denied",
        details={"requested_id": str(public_id)[:64]},
    )
    return Http404()


def access_case(user: Any, public_id: object, *, write: bool = False) -> Case:
    """The case, if the user may see it; 404 otherwise; 403 if visible but read-only."""
    active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise _not_found(user, public_id) from None
    case = Case.objects.select_related("collaborative", "lead_agency").filter(public_id=key).first()
    if case is None or not can(user, "cases.view", case.collaborative_id):
        raise _not_found(user, key)
    if restricted_against(user, case):
        deny_restricted(user, case)
        raise Http404()
    if write and not can(user, "cases.write", case.collaborative_id):
        raise PermissionDenied
    return case
