"""Fetch and authorise team-foundations objects. What a user may not see answers like
what does not exist (404); what they see but may not change answers 403.

One-to-ones are private to the coordinator who wrote them: anyone else, another
coordinator of the same collaborative included, gets 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import LeadershipTerm, MissionVersion, OneToOneMeeting
from ccrhub.partners.queries import active_roles
from ccrhub.partners.roles import role_can


def _check(roles: dict[int, str], collaborative_id: int | None, permission: str) -> None:
    role = roles.get(collaborative_id) if collaborative_id is not None else None
    if role is None or not role_can(role, "collaborative.view"):
        raise Http404
    if not role_can(role, permission):
        raise PermissionDenied


def access_mission_version(
    user: Any, public_id: Any, *, permission: str = "collaborative.view"
) -> MissionVersion:
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same
    version = MissionVersion.objects.select_related("collaborative").filter(public_id=key).first()
    _check(roles, version.collaborative_id if version else None, permission)
    if version is None:  # already answered above; this narrows the type
        raise Http404
    return version


def access_leadership_term(
    user: Any, public_id: Any, *, permission: str = "collaborative.view"
) -> LeadershipTerm:
    key = parse_public_id(public_id)
    roles = active_roles(user)
    term = (
        LeadershipTerm.objects.select_related("collaborative", "user").filter(public_id=key).first()
    )
    _check(roles, term.collaborative_id if term else None, permission)
    if term is None:
        raise Http404
    return term


def access_one_to_one(user: Any, public_id: Any) -> OneToOneMeeting:
    """The entry, for its author while they keep `relationships.manage` there; 404 else."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    entry = (
        OneToOneMeeting.objects.select_related("collaborative", "agency")
        .filter(public_id=key, author_id=user.pk)
        .first()
    )
    role = roles.get(entry.collaborative_id) if entry is not None else None
    if entry is None or role is None or not role_can(role, "relationships.manage"):
        raise Http404
    return entry
