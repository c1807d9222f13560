"""Who may import what: collaboratives, agencies, jobs and mappings a user may use."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ccrhub.cases.access import is_coordinator
from ccrhub.cases.models import ColumnMapping, ImportJob
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import active_roles, can
from ccrhub.partners.roles import role_can


def may_import(user: Any, collaborative_id: int) -> bool:
    return can(user, "cases.write", collaborative_id)


def acts_for_every_agency(user: Any, collaborative_id: int) -> bool:
    """A coordinator imports for any member agency; everyone else for their own only."""
    return is_coordinator(user, collaborative_id)


def import_collaboratives(user: Any) -> QuerySet[Collaborative]:
    ids = [cid for cid, role in active_roles(user).items() if role_can(role, "cases.write")]
    return Collaborative.objects.filter(pk__in=ids, is_active=True).order_by("name")


def require_import_role(user: Any) -> None:
    if not import_collaboratives(user).exists():
        raise PermissionDenied


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    """Jobs the user started, and every job of the collaboratives they coordinate."""
    roles = active_roles(user)
    writable = [cid for cid, role in roles.items() if role_can(role, "cases.write")]
    coordinated = [cid for cid, role in roles.items() if role_can(role, "collaborative.manage")]
    return (
        ImportJob.objects.filter(collaborative_id__in=writable)
        .filter(Q(created_by=user) | Q(collaborative_id__in=coordinated))
        .select_related("collaborative", "mapping", "created_by")
    )


def access_job(user: Any, public_id: object) -> ImportJob:
    active_roles(user)
    key = parse_public_id(public_id)
    job = visible_jobs(user).filter(public_id=key).first()
    if job is None:
        raise Http404
    return job


def usable_mappings(user: Any, collaborative_id: int | None = None) -> QuerySet[ColumnMapping]:
    """Mappings of the user's own agency, or every agency's where they coordinate."""
    roles = active_roles(user)
    writable = [cid for cid, role in roles.items() if role_can(role, "cases.write")]
    coordinated = [cid for cid, role in roles.items() if role_can(role, "collaborative.manage")]
    mappings = ColumnMapping.objects.filter(collaborative_id__in=writable).filter(
        Q(agency_id=getattr(user, "agency_id", None)) | Q(collaborative_id__in=coordinated)
    )
    if collaborative_id is not None:
        mappings = mappings.filter(collaborative_id=collaborative_id)
    return mappings.select_related("agency", "collaborative")


def access_mapping(user: Any, public_id: object) -> ColumnMapping:
    active_roles(user)
    key = parse_public_id(public_id)
    mapping = usable_mappings(user).filter(public_id=key).first()
    if mapping is None:
        raise Http404
    return mapping


def member_agencies(collaborative_id: int) -> QuerySet[Agency]:
    member_ids = AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, is_active=True
    ).values("agency_id")
    return Agency.objects.filter(pk__in=member_ids, is_active=True).order_by("name")


def mapping_agencies(user: Any, collaborative_id: int) -> QuerySet[Agency]:
    """Agencies the user may save a mapping for in the collaborative."""
    agencies = member_agencies(collaborative_id)
    if acts_for_every_agency(user, collaborative_id):
        return agencies
    own: int | None = getattr(user, "agency_id", None)
    return agencies.filter(pk=own) if own is not None else agencies.none()
