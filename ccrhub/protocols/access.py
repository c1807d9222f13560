"""Fetch and authorise protocols and the roles & responsibilities matrix.

Members whose role grants `protocols.view` in the collaborative see its protocols and
matrix; what they may not see answers exactly like what does not exist (404, S3). The
coordinator (`protocols.manage`) drafts, reviews, adopts, retires and edits the matrix
(403 for other members). Signing (`protocols.adopt`): an agency admin for their own
agency, the coordinator for any member agency (recording a signature gathered on paper).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import active_roles, can, collaborative_ids_with
from ccrhub.partners.roles import role_can
from ccrhub.protocols.models import Protocol, Responsibility

VIEW = "protocols.view"
MANAGE = "protocols.manage"
ADOPT = "protocols.adopt"


def require_protocols_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose protocols the user sees; 403 if none."""
    ids = collaborative_ids_with(user, VIEW)
    if not ids:
        raise PermissionDenied
    return ids


def _check(user: Any, collaborative_id: int | None, roles: dict[int, str], permission: str) -> None:
    role = roles.get(collaborative_id) if collaborative_id is not None else None
    if role is None or not role_can(role, VIEW):
        raise Http404
    if permission != VIEW and not role_can(role, permission):
        raise PermissionDenied


def access_protocol(user: Any, public_id: Any, *, permission: str = VIEW) -> Protocol:
    """The protocol, if the user sees its collaborative's protocols; 403 when they see
    it but their role lacks `permission`."""
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    protocol = Protocol.objects.for_list().filter(public_id=key).first()
    _check(user, protocol.collaborative_id if protocol else None, roles, permission)
    assert protocol is not None
    return protocol


def access_collaborative(user: Any, public_id: Any, *, permission: str = VIEW) -> Collaborative:
    """A collaborative whose protocols and matrix the user sees."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    collaborative = Collaborative.objects.filter(public_id=key).first()
    _check(user, collaborative.pk if collaborative else None, roles, permission)
    assert collaborative is not None
    return collaborative


def access_responsibility(user: Any, public_id: Any, *, permission: str = VIEW) -> Responsibility:
    key = parse_public_id(public_id)
    roles = active_roles(user)
    row = Responsibility.objects.select_related("collaborative").filter(public_id=key).first()
    _check(user, row.collaborative_id if row else None, roles, permission)
    assert row is not None
    return row


def may_manage(user: Any, collaborative_id: int) -> bool:
    return can(user, MANAGE, collaborative_id)


def signable_agencies(user: Any, collaborative_id: int) -> list[Agency]:
    """Member agencies the user may sign for: every active member for the coordinator,
    their own agency (if an active member) for an agency admin; none otherwise."""
    if not can(user, ADOPT, collaborative_id):
        return []
    members = Agency.objects.filter(
        memberships__collaborative_id=collaborative_id, memberships__is_active=True
    ).order_by("name")
    if can(user, MANAGE, collaborative_id):
        return list(members)
    agency_id = getattr(user, "agency_id", None)
    return list(members.filter(pk=agency_id)) if agency_id else []


def is_active_member(collaborative_id: int, agency: Agency) -> bool:
    return AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=agency, is_active=True
    ).exists()
