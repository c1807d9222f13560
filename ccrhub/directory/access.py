"""Who may see and maintain directory entries.

Everyone whose role grants `directory.view` in a collaborative sees its directory
entries on the maintenance pages (the public sees the published part anyway; today
every role grants it). Coordinators maintain everything in their collaborative; staff
whose role grants `directory.manage` maintain their own agency's entries (roles and
their permissions: `ccrhub.partners.roles`). What a user may not see answers 404, like
what does not exist; what they may see but not change answers 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from ccrhub.directory.models import Location, Organization, Service
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.queries import active_roles, collaborative_ids_with
from ccrhub.partners.roles import role_can

VIEW = "directory.view"
MANAGE = "directory.manage"


def managing_collaborative_ids(user: Any) -> list[int]:
    """Collaboratives in which the user maintains every entry (coordinators)."""
    return collaborative_ids_with(user, "collaborative.manage")


def may_manage_organization(user: Any, organization: Organization) -> bool:
    role = active_roles(user).get(organization.collaborative_id)
    if role is None:
        return False
    if role_can(role, "collaborative.manage"):
        return True
    return (
        role_can(role, MANAGE)
        and organization.agency_id is not None
        and organization.agency_id == getattr(user, "agency_id", None)
    )


def may_create_organization(user: Any) -> bool:
    return bool(managing_collaborative_ids(user))


def visible_organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.in_collaboratives(collaborative_ids_with(user, VIEW))


def _check(user: Any, organization: Organization, *, manage: bool) -> None:
    if organization.collaborative_id not in collaborative_ids_with(user, VIEW):
        raise Http404
    if manage and not may_manage_organization(user, organization):
        raise PermissionDenied


def access_organization(user: Any, public_id: Any, *, manage: bool = False) -> Organization:
    key = parse_public_id(public_id)
    visible = collaborative_ids_with(user, VIEW)  # first: missing and hidden cost the same
    organization = (
        Organization.objects.filter(public_id=key, collaborative_id__in=visible)
        .select_related("collaborative", "agency")
        .first()
    )
    if organization is None:
        raise Http404
    _check(user, organization, manage=manage)
    return organization


def access_service(user: Any, public_id: Any, *, manage: bool = False) -> Service:
    key = parse_public_id(public_id)
    visible = collaborative_ids_with(user, VIEW)
    service = (
        Service.objects.filter(public_id=key, organization__collaborative_id__in=visible)
        .select_related("organization", "organization__collaborative", "organization__agency")
        .first()
    )
    if service is None:
        raise Http404
    _check(user, service.organization, manage=manage)
    return service


def access_location(user: Any, public_id: Any, *, manage: bool = False) -> Location:
    key = parse_public_id(public_id)
    visible = collaborative_ids_with(user, VIEW)
    location = (
        Location.objects.filter(public_id=key, organization__collaborative_id__in=visible)
        .select_related("organization", "organization__agency")
        .first()
    )
    if location is None:
        raise Http404
    _check(user, location.organization, manage=manage)
    return location
