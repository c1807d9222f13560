"""Fetch and authorise partners objects.

What a user may not see answers exactly like what does not exist (404, S3); what
they may see but not change answers 403. Sub-resources (memberships, representatives)
are checked on their parent collaborative first (S2).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.lib.access import access_scoped, collaboratives_where, require_collaboratives
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    AvenueAssessment,
    Collaborative,
    Representative,
    Role,
)
from ccrhub.partners.queries import active_roles
from ccrhub.partners.roles import may_grant, may_take_away, role_can


def access_collaborative(
    user: Any, public_id: Any, *, permission: str = "collaborative.view"
) -> Collaborative:
    """The collaborative, if the user holds an active role in it (every role grants
    `collaborative.view`); 404 without a role (or no such collaborative), 403 when the
    role does not grant `permission`."""
    collaboratives = Collaborative.objects.filter(is_active=True)
    return access_scoped(
        collaboratives,
        user,
        public_id,
        permission="collaborative.view",
        scope="pk",
        write=True,
        writes=permission,
    )


def access_agency(user: Any, public_id: Any, *, permission: str = "collaborative.view") -> Agency:
    """An agency the user can see: a member of one of their collaboratives, or their own.

    Visible but not allowed (403) unless the user's role grants `permission` in some
    collaborative where the agency is an active member (for the default view
    permission, seeing the user's own agency is always allowed).
    """
    key = parse_public_id(public_id)
    roles = active_roles(user)
    agency = Agency.objects.visible_to(user, roles).filter(public_id=key).first()
    if agency is None:
        raise Http404
    if permission == "collaborative.view" and agency.pk == getattr(user, "agency_id", None):
        return agency
    shared = AgencyMembership.objects.filter(
        agency=agency, is_active=True, collaborative_id__in=list(roles)
    ).values_list("collaborative_id", flat=True)
    if not any(role_can(roles[cid], permission) for cid in shared):
        raise PermissionDenied
    return agency


def access_membership(
    user: Any,
    collaborative_id: Any,
    agency_id: Any,
    *,
    permission: str = "members.view",
) -> AgencyMembership:
    """An agency's active membership of a collaborative, checked on the collaborative."""
    collaborative = access_collaborative(user, collaborative_id, permission=permission)
    key = parse_public_id(agency_id)
    membership = (
        AgencyMembership.objects.filter(
            collaborative=collaborative, agency__public_id=key, is_active=True
        )
        .select_related("agency", "collaborative")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_representative(
    user: Any,
    collaborative_id: Any,
    representative_id: Any,
    *,
    permission: str = "members.view",
) -> Representative:
    """An active role held in a collaborative, checked on the collaborative."""
    collaborative = access_collaborative(user, collaborative_id, permission=permission)
    key = parse_public_id(representative_id)
    representative = (
        Representative.objects.filter(collaborative=collaborative, public_id=key, is_active=True)
        .select_related("user", "user__agency", "collaborative")
        .first()
    )
    if representative is None:
        raise Http404
    return representative


def access_assessment(user: Any, public_id: Any) -> AvenueAssessment:
    """An avenue assessment the user made, or one recorded in a collaborative where
    their role may use the avenue tool."""
    key = parse_public_id(public_id)
    assessment = (
        AvenueAssessment.objects.visible_to(user, collaboratives_where(user, "avenue.use"))
        .select_related("collaborative", "existing_collaborative", "created_by")
        .filter(public_id=key)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def require_any(user: Any, permission: str) -> list[int]:
    """Ids of the collaboratives where the user's role grants `permission`; 403 if none.

    For pages that act on no single object yet (creating an agency or a collaborative).
    """
    return require_collaboratives(user, permission)


def may_give_role(actor: Any, actor_role: str | None, *, user: Any, role: str) -> bool:
    """S5 in one place: may someone holding `actor_role` give `role` to `user`? Only a
    role within their own permissions (`may_grant`), the coordinator included, and as
    `_may_act_on` allows."""
    return (
        actor_role is not None
        and may_grant(actor_role, role)
        and _may_act_on(actor, actor_role, user=user)
    )


def may_take_role(actor: Any, actor_role: str | None, *, user: Any, role: str) -> bool:
    """May someone holding `actor_role` take `role` away from `user` (`may_take_away`)?"""
    return (
        actor_role is not None
        and may_take_away(actor_role, role)
        and _may_act_on(actor, actor_role, user=user)
    )


def _may_act_on(actor: Any, actor_role: str, *, user: Any) -> bool:
    """Nobody changes their own role; an agency admin changes only their own agency's
    staff's roles; a coordinator anyone's."""
    if user.pk == actor.pk:
        return False
    if role_can(actor_role, "members.manage"):
        return True
    return actor.agency_id is not None and user.agency_id == actor.agency_id


def grantable_roles(actor_role: str | None) -> list[tuple[str, str]]:
    """The roles someone holding `actor_role` may give, as form choices."""
    if actor_role is None:
        return []
    return [(value, label) for value, label in Role.choices if may_grant(actor_role, value)]
