"""Reads of the survivor compartment, screen by screen."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ccrhub.accounts.models import User
from ccrhub.partners.models import Agency, Representative
from ccrhub.partners.roles import ROLE_PERMISSIONS
from ccrhub.survivors.models import CompelledDisclosure, NotificationTask, Release, Survivor


def survivors_for_list(agency_id: int) -> QuerySet[Survivor]:
    """The owning agency's records (one query). Names are encrypted: no search by name."""
    return Survivor.objects.filter(owner_agency_id=agency_id).order_by("-created_at")


def releases_of(survivor: Survivor) -> QuerySet[Release]:
    return survivor.releases.select_related("recipient_agency").order_by("-recorded_at")


def disclosures_of(survivor: Survivor) -> QuerySet[CompelledDisclosure]:
    return survivor.disclosures.order_by("-recorded_at")


def open_tasks(agency_id: int) -> QuerySet[NotificationTask]:
    return NotificationTask.objects.filter(
        agency_id=agency_id, done_at__isnull=True
    ).select_related("survivor", "disclosure")


def shared_with(agency_id: int) -> QuerySet[Release]:
    """Valid releases naming the agency as recipient (the "shared with us" screen)."""
    return (
        Release.objects.valid(at=timezone.now())
        .filter(recipient_agency_id=agency_id)
        .select_related("survivor", "survivor__owner_agency")
        .order_by("expires_at")
    )


def recipient_agencies(owner_agency_id: int) -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).exclude(pk=owner_agency_id).order_by("name")


def approvers(owner_agency_id: int, *, exclude: Any) -> QuerySet[User]:
    """Staff of the owning agency who may write survivor records, not the requester."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if "survivors.write" in perms]
    holders = Representative.objects.filter(role__in=roles, is_active=True).values("user_id")
    return (
        User.objects.filter(Q(pk__in=holders), agency_id=owner_agency_id, is_active=True)
        .exclude(pk=exclude.pk)
        .order_by("email")
    )
