"""Who may see and maintain directory entries.

Everyone whose role grants `directory.view` in a collaborative sees its directory
entries on the maintenance pages (the public sees the published part anyway; today
every role grants it). Coordinators maintain everything in their collaborative; staff
whose role grants `directory.manage` maintain their own agency's entries (roles and
their permissions: `ccrhub.partners.roles`). What a user may not see answers 404, like
what does not exist; what they may see but not change answers 403.
"""

from typing import Any, TypeVar

from django.db.models import QuerySet

from ccrhub.directory.models import Location, Organization, Service
from ccrhub.lib.access import access_scoped, collaboratives_where, holds

VIEW = "directory.view"
MANAGE = "directory.manage"
Part = TypeVar("Part", Service, Location)


def managing_collaborative_ids(user: Any) -> list[int]:
    """Collaboratives in which the user maintains every entry (coordinators)."""
    return collaboratives_where(user, "collaborative.manage")


def may_manage_organization(user: Any, organization: Organization) -> bool:
    if holds(user, "collaborative.manage", organization.collaborative_id):
        return True
    return (
        holds(user, MANAGE, organization.collaborative_id)
        and organization.agency_id is not None
        and organization.agency_id == getattr(user, "agency_id", None)
    )


def may_create_organization(user: Any) -> bool:
    return bool(managing_collaborative_ids(user))


def visible_organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.in_collaboratives(collaboratives_where(user, VIEW))


def _manages_entry(user: Any, row: Organization | Service | Location) -> bool:
    organization = row if isinstance(row, Organization) else row.organization
    return may_manage_organization(user, organization)


def access_organization(user: Any, public_id: Any, *, manage: bool = False) -> Organization:
    organizations = Organization.objects.select_related("collaborative", "agency")
    return access_scoped(
        organizations, user, public_id, permission=VIEW, write=manage, writes=_manages_entry
    )


def _of_organization(rows: QuerySet[Part], user: Any, public_id: Any, manage: bool) -> Part:
    return access_scoped(
        rows,
        user,
        public_id,
        permission=VIEW,
        scope="organization__collaborative_id",
        write=manage,
        writes=_manages_entry,
    )


def access_service(user: Any, public_id: Any, *, manage: bool = False) -> Service:
    services = Service.objects.select_related(
        "organization", "organization__collaborative", "organization__agency"
    )
    return _of_organization(services, user, public_id, manage)


def access_location(user: Any, public_id: Any, *, manage: bool = False) -> Location:
    locations = Location.objects.select_related("organization", "organization__agency")
    return _of_organization(locations, user, public_id, manage)
