"""Fetch and authorise protocols and the roles & responsibilities matrix.

Members whose role grants `protocols.view` in the collaborative see its protocols and
matrix; what they may not see answers exactly like what does not exist (404, S3). The
coordinator (`protocols.manage`) drafts, reviews, adopts, retires and edits the matrix
(403 for other members). Signing (`protocols.adopt`): an agency admin for their own
agency, the coordinator for any member agency (recording a signature gathered on paper).
"""

from typing import Any

from ccrhub.lib.access import access_scoped, holds, require_collaboratives
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.protocols.models import Protocol, Responsibility

VIEW = "protocols.view"
MANAGE = "protocols.manage"
ADOPT = "protocols.adopt"


def require_protocols_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose protocols the user sees; 403 if none."""
    return require_collaboratives(user, VIEW)


def access_protocol(user: Any, public_id: Any, *, permission: str = VIEW) -> Protocol:
    """The protocol, if the user sees its collaborative's protocols; 403 when they see
    it but their role lacks `permission`."""
    protocols = Protocol.objects.for_list()
    return access_scoped(protocols, user, public_id, permission=VIEW, write=True, writes=permission)


def access_collaborative(user: Any, public_id: Any, *, permission: str = VIEW) -> Collaborative:
    """A collaborative whose protocols and matrix the user sees."""
    collaboratives = Collaborative.objects.all()
    return access_scoped(
        collaboratives, user, public_id, permission=VIEW, scope="pk", write=True, writes=permission
    )


def access_responsibility(user: Any, public_id: Any, *, permission: str = VIEW) -> Responsibility:
    rows = Responsibility.objects.select_related("collaborative")
    return access_scoped(rows, user, public_id, permission=VIEW, write=True, writes=permission)


def may_manage(user: Any, collaborative_id: int) -> bool:
    return holds(user, MANAGE, collaborative_id)


def signable_agencies(user: Any, collaborative_id: int) -> list[Agency]:
    """Member agencies the user may sign for: every active member for the coordinator,
    their own agency (if an active member) for an agency admin; none otherwise."""
    if not holds(user, ADOPT, collaborative_id):
        return []
    members = Agency.objects.filter(
        memberships__collaborative_id=collaborative_id, memberships__is_active=True
    ).order_by("name")
    if holds(user, MANAGE, collaborative_id):
        return list(members)
    agency_id = getattr(user, "agency_id", None)
    return list(members.filter(pk=agency_id)) if agency_id else []


def is_active_member(collaborative_id: int, agency: Agency) -> bool:
    return AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=agency, is_active=True
    ).exists()
