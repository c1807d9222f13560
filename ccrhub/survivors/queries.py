"""Reads of the survivor compartment, screen by screen."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.audit.models import AuditEvent, AuditEventQuerySet, Outcome
from ccrhub.partners.models import Agency, Representative
from ccrhub.partners.roles import ROLE_PERMISSIONS
from ccrhub.survivors.access import restricted_survivors
from ccrhub.survivors.models import (
    AccessBasis,
    CompelledDisclosure,
    NotificationTask,
    Release,
    Survivor,
)


def survivors_for_list(agency_id: int, *, reader: Any) -> QuerySet[Survivor]:
    """The owning agency's records but those restrictions keep from the reader (one
    query). Names are encrypted: no search by name."""
    return (
        Survivor.objects.filter(owner_agency_id=agency_id)
        .exclude(pk__in=restricted_survivors(reader))
        .order_by("-created_at")
    )


def releases_of(survivor: Survivor) -> QuerySet[Release]:
    return survivor.releases.select_related("recipient_agency").order_by("-recorded_at")


def disclosures_of(survivor: Survivor) -> QuerySet[CompelledDisclosure]:
    return survivor.disclosures.order_by("-recorded_at")


def open_tasks(agency_id: int) -> QuerySet[NotificationTask]:
    return NotificationTask.objects.filter(
        agency_id=agency_id, done_at__isnull=True
    ).select_related("survivor", "disclosure")


def shared_with(agency_id: int, *, reader: Any) -> QuerySet[Release]:
    """Valid releases naming the agency as recipient (the "shared with us" screen), but
    of records restrictions keep from the reader."""
    return (
        Release.objects.valid(at=timezone.now())
        .filter(recipient_agency_id=agency_id)
        .exclude(survivor_id__in=restricted_survivors(reader))
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


# --- The access report (S20) ---------------------------------------------------------

ACTION_LABELS = {
    "survivors.created": _("Created the record"),
    "survivors.viewed": _("Opened the record"),
    "survivors.updated": _("Changed the record"),
    "survivors.incident_reported": _("Noted a new incident"),
    "survivors.shared_viewed": _("Read what was shared"),
    "survivors.release_recorded": _("Recorded a release or basis"),
    "survivors.release_revoked": _("Revoked a release or basis"),
    "survivors.disclosure_recorded": _("Recorded a compelled disclosure"),
    "survivors.disclosure_reviewed": _("Decided a compelled disclosure"),
    "survivors.disclosure_extracted": _("Read a disclosure extract"),
    "survivors.task_completed": _("Completed a task"),
    "survivors.access_report_read": _("Read this access report"),
    "restricted.denied": _("Tried to open it: refused"),
}
VIA_LABELS = {
    "html": _("Page"),
    "html:edit": _("Edit form"),
    "api": _("API"),
    "highrisk:referral": _("High-risk referral"),
    "api:highrisk-referral": _("High-risk referral (API)"),
}
# What of the compartment belongs to one record, besides the record itself.
RELATED_OBJECTS = (
    (Release, "releases"),
    (CompelledDisclosure, "disclosures"),
    (NotificationTask, "tasks"),
)


def access_events(survivor: Survivor, *, whole: bool) -> AuditEventQuerySet:
    """Every audit event about the record, its releases, disclosures and tasks, newest
    first; without `whole`, only those of people outside the owning agency."""
    about = Q(object_type=Survivor._meta.label_lower, object_id=str(survivor.public_id))
    for model, related in RELATED_OBJECTS:
        ids = [str(key) for key in getattr(survivor, related).values_list("public_id", flat=True)]
        if ids:
            about |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    events = AuditEvent.objects.filter(about)
    if not whole:
        events = events.exclude(actor_agency_id=survivor.owner_agency_id)
    return events.for_list()


@dataclass(frozen=True)
class ReportRow:
    """One line of "who saw this record, when, under what basis"."""

    occurred_at: datetime.datetime
    actor: User | None
    agency: str
    role: str
    action: str
    action_label: str
    basis: str
    basis_label: str
    via: str
    via_label: str
    outcome: str
    refused: bool


def basis_of(event: AuditEvent, owner_agency_id: int) -> str:
    """The basis the event names, or the one its kind implies ("" when none applies)."""
    named = event.details.get("basis") if isinstance(event.details, dict) else None
    if isinstance(named, str) and named in AccessBasis.values:
        return named
    if event.action == "restricted.denied":
        return AccessBasis.RESTRICTED
    if event.action == "survivors.disclosure_extracted":
        return AccessBasis.COMPELLED_DISCLOSURE
    if event.actor_agency_id == owner_agency_id:
        return AccessBasis.OWN_AGENCY
    return ""


def report_rows(events: Iterable[AuditEvent], owner_agency_id: int) -> list[ReportRow]:
    rows = []
    for event in events:
        basis = basis_of(event, owner_agency_id)
        via = event.details.get("via", "") if isinstance(event.details, dict) else ""
        via = via if isinstance(via, str) else ""
        rows.append(
            ReportRow(
                occurred_at=event.occurred_at,
                actor=event.actor,
                agency=event.actor_agency.name if event.actor_agency else "",
                role=event.actor_role,
                action=event.action,
                action_label=str(ACTION_LABELS.get(event.action, event.action)),
                basis=basis,
                basis_label=str(AccessBasis(basis).label) if basis else "—",
                via=via,
                via_label=str(VIA_LABELS.get(via, via or "—")),
                outcome=event.outcome,
                refused=event.outcome == Outcome.DENIED,
            )
        )
    return rows
