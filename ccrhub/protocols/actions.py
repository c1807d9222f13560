"""Drafting, reviewing, adopting, signing and retiring protocols, and editing the roles
& responsibilities matrix; each audited in the transaction that makes it.

Audit details hold ids, numbers, kinds and counts only: titles, texts and signers'
names never enter the trail (S19).
"""

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases import stages
from ccrhub.lib.concurrency import StaleVersion, save_if_current
from ccrhub.partners.models import Agency, Collaborative, Sector
from ccrhub.partners.queries import can
from ccrhub.protocols.access import ADOPT, MANAGE, is_active_member, signable_agencies
from ccrhub.protocols.models import (
    Adoption,
    Kind,
    Protocol,
    ProtocolVersion,
    Responsibility,
    Status,
    VersionStatus,
)

TEMPLATE_FILE = Path(__file__).parent / "data" / "roles_in_brief.json"
WORKING = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)

__all__ = ["StaleVersion"]


def _require(actor: User, permission: str, collaborative_id: int) -> None:
    if not can(actor, permission, collaborative_id):
        raise PermissionDenied


def _check_fields(kind: str, governed_stages: list[str], retraining_roles: list[str]) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a kind.")]
    if any(not stages.is_stage(code) for code in governed_stages):
        errors["governed_stages"] = [_("Choose stages of the stage model.")]
    if any(code not in Sector.values for code in retraining_roles):
        errors["retraining_roles"] = [_("Choose sectors from the list.")]
    if errors:
        raise ValidationError(errors)


def working_version(protocol: Protocol) -> ProtocolVersion | None:
    """The latest version if it is a draft or in review (the one being worked on)."""
    latest = protocol.versions.order_by("-number").first()
    return latest if latest is not None and latest.status in WORKING else None


@transaction.atomic
def create_protocol(
    collaborative: Collaborative,
    *,
    actor: User,
    kind: str,
    title: str,
    text: str,
    change_summary: str = "",
    review_due_on: datetime.date | None = None,
    governed_stages: list[str] | None = None,
    retraining_roles: list[str] | None = None,
) -> Protocol:
    """A new protocol with its first version, a draft."""
    _require(actor, MANAGE, collaborative.pk)
    governed, retraining = list(governed_stages or []), list(retraining_roles or [])
    _check_fields(kind, governed, retraining)
    protocol = Protocol.objects.create(
        collaborative=collaborative,
        kind=kind,
        title=title,
        review_due_on=review_due_on,
        governed_stages=governed,
        created_by=actor,
    )
    draft = ProtocolVersion.objects.create(
        protocol=protocol,
        number=1,
        text=text,
        change_summary=change_summary,
        retraining_roles=retraining,
        created_by=actor,
    )
    record(
        actor=actor,
        action="protocol.created",
        target=protocol,
        details={"kind": kind, "version_id": str(draft.public_id)},
    )
    return protocol


@transaction.atomic
def save_draft(
    protocol: Protocol,
    *,
    actor: User,
    version: int,
    kind: str,
    title: str,
    text: str,
    change_summary: str,
    review_due_on: datetime.date | None,
    governed_stages: list[str],
    retraining_roles: list[str],
) -> ProtocolVersion:
    """Save the working draft if `version` is current (a stale one raises StaleVersion
    and changes nothing). With no working version, this starts the next one; a version
    in review that is changed goes back to draft."""
    _require(actor, MANAGE, protocol.collaborative_id)
    if protocol.status == Status.RETIRED:
        raise ValidationError(_("A retired protocol cannot be changed."))
    _check_fields(kind, governed_stages, retraining_roles)
    save_if_current(
        protocol,
        version,
        {
            "kind": kind,
            "title": title,
            "review_due_on": review_due_on,
            "governed_stages": list(governed_stages),
            "status": Status.DRAFT if protocol.status == Status.IN_REVIEW else protocol.status,
        },
    )
    draft = working_version(protocol)
    started = draft is None
    if draft is None:
        number = (protocol.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = ProtocolVersion.objects.create(
            protocol=protocol,
            number=number,
            text=text,
            change_summary=change_summary,
            retraining_roles=list(retraining_roles),
            created_by=actor,
        )
    else:
        draft.text, draft.change_summary = text, change_summary
        draft.retraining_roles, draft.status = list(retraining_roles), VersionStatus.DRAFT
        draft.save(
            update_fields=["text", "change_summary", "retraining_roles", "status", "updated_at"]
        )
    record(
        actor=actor,
        action="protocol.version_started" if started else "protocol.draft_saved",
        target=draft,
        details={"protocol_id": str(protocol.public_id), "number": draft.number},
    )
    return draft


DETAILS = frozenset({"title", "kind", "review_due_on", "governed_stages"})


@transaction.atomic
def update_protocol(
    protocol: Protocol, *, actor: User, version: int, changes: dict[str, Any]
) -> Protocol:
    """Change the protocol's details (from `DETAILS`), not its text, if `version` is
    current; a stale version raises StaleVersion and changes nothing."""
    _require(actor, MANAGE, protocol.collaborative_id)
    unknown = set(changes) - DETAILS
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if protocol.status == Status.RETIRED:
        raise ValidationError(_("A retired protocol cannot be changed."))
    _check_fields(changes.get("kind", protocol.kind), list(changes.get("governed_stages", [])), [])
    save_if_current(protocol, version, changes)
    record(
        actor=actor,
        action="protocol.updated",
        target=protocol,
        details={"fields": sorted(changes)},
    )
    return protocol


@transaction.atomic
def submit_for_review(protocol: Protocol, *, actor: User, version: int) -> ProtocolVersion:
    """The working draft goes to review."""
    _require(actor, MANAGE, protocol.collaborative_id)
    draft = working_version(protocol)
    if draft is None or draft.status != VersionStatus.DRAFT:
        raise ValidationError(_("There is no draft to submit."))
    new_status = Status.IN_REVIEW if protocol.status == Status.DRAFT else protocol.status
    save_if_current(protocol, version, {"status": new_status})
    draft.status = VersionStatus.IN_REVIEW
    draft.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="protocol.submitted",
        target=draft,
        details={"protocol_id": str(protocol.public_id), "number": draft.number},
    )
    return draft


def _put_in_force(protocol: Protocol, draft: ProtocolVersion) -> None:
    now = timezone.now()
    ProtocolVersion.objects.filter(protocol=protocol, status=VersionStatus.ADOPTED).update(
        status=VersionStatus.SUPERSEDED, updated_at=now
    )
    draft.status, draft.adopted_at = VersionStatus.ADOPTED, now
    draft.save(update_fields=["status", "adopted_at", "adopted_by_decision_id", "updated_at"])
    Protocol.objects.filter(pk=protocol.pk).update(
        status=Status.ADOPTED, current_version=draft, version=F("version") + 1, updated_at=now
    )
    protocol.refresh_from_db()


@transaction.atomic
def adopt_version(protocol: Protocol, *, actor: User, version: int) -> ProtocolVersion:
    """The collaborative adopts the version in review: it comes into force and the one
    before it is superseded. Agencies then sign it one by one."""
    _require(actor, MANAGE, protocol.collaborative_id)
    draft = working_version(protocol)
    if draft is None or draft.status != VersionStatus.IN_REVIEW:
        raise ValidationError(_("Submit the draft for review before adopting it."))
    if protocol.version != version:
        raise StaleVersion
    _put_in_force(protocol, draft)
    record(
        actor=actor,
        action="protocol.adopted",
        target=draft,
        details={
            "protocol_id": str(protocol.public_id),
            "number": draft.number,
            "retraining_roles": list(draft.retraining_roles),
        },
    )
    return draft


@transaction.atomic
def adopt_version_by_decision(draft: ProtocolVersion, *, decision: Any) -> None:
    """A decision of the collaborative's members adopted this version (it may still be a
    draft or in review); the decision's author stands as the actor in the audit."""
    protocol = Protocol.objects.select_for_update().get(pk=draft.protocol_id)
    if decision.collaborative_id != protocol.collaborative_id:
        raise ValidationError(_("The decision belongs to another collaborative."))
    draft.refresh_from_db()
    if draft.status == VersionStatus.ADOPTED and draft.adopted_by_decision_id == decision.public_id:
        return  # already done by this decision
    if draft.status not in WORKING:
        raise ValidationError(_("Only a draft or a version in review can be adopted."))
    draft.adopted_by_decision_id = decision.public_id
    _put_in_force(protocol, draft)
    record(
        actor=decision.created_by,
        action="protocol.adopted",
        target=draft,
        reason="decision",
        details={
            "protocol_id": str(protocol.public_id),
            "number": draft.number,
            "decision_id": str(decision.public_id),
            "retraining_roles": list(draft.retraining_roles),
        },
    )


@transaction.atomic
def retire_protocol(protocol: Protocol, *, actor: User, version: int) -> Protocol:
    _require(actor, MANAGE, protocol.collaborative_id)
    if protocol.status == Status.RETIRED:
        raise ValidationError(_("This protocol is already retired."))
    save_if_current(protocol, version, {"status": Status.RETIRED})
    record(actor=actor, action="protocol.retired", target=protocol)
    return protocol


@transaction.atomic
def change_protocol(
    protocol: Protocol,
    *,
    actor: Any,
    version: int,
    changes: dict[str, Any],
    status: str | None = None,
) -> Protocol:
    """Details, then a move to `status` (in review, adopted or retired), as one step.
    Each step checks the version the one before left, and the first the caller's: a
    stale version or a refused move changes nothing."""
    if protocol.version != version:
        raise StaleVersion
    if changes:
        update_protocol(protocol, actor=actor, version=protocol.version, changes=changes)
    if status == Status.IN_REVIEW:
        submit_for_review(protocol, actor=actor, version=protocol.version)
    elif status == Status.ADOPTED:
        adopt_version(protocol, actor=actor, version=protocol.version)
    elif status == Status.RETIRED:
        retire_protocol(protocol, actor=actor, version=protocol.version)
    return protocol


@transaction.atomic
def sign_version(
    draft: ProtocolVersion,
    *,
    actor: User,
    agency: Agency,
    signer_name: str,
    signer_title: str,
) -> Adoption:
    """An agency signs the version in force: the agency admin for their own agency, the
    coordinator for any member agency. Once per agency per version."""
    protocol = draft.protocol
    _require(actor, ADOPT, protocol.collaborative_id)
    if draft.status != VersionStatus.ADOPTED or protocol.status != Status.ADOPTED:
        raise ValidationError(_("Only the version in force can be signed."))
    if agency.pk not in {a.pk for a in signable_agencies(actor, protocol.collaborative_id)}:
        if not is_active_member(protocol.collaborative_id, agency):
            raise ValidationError({"agency": [_("This agency is not a member.")]})
        raise ValidationError({"agency": [_("You may sign for your own agency only.")]})
    if Adoption.objects.filter(version=draft, agency=agency).exists():
        raise ValidationError({"agency": [_("This agency has already signed this version.")]})
    adoption = Adoption.objects.create(
        version=draft,
        agency=agency,
        signed_by=actor,
        signed_at=timezone.now(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
    )
    record(
        actor=actor,
        action="protocol.signed",
        target=draft,
        details={"agency_id": str(agency.public_id), "number": draft.number},
    )
    return adoption


# ---------------------------------------------------------------------------
# Roles & responsibilities matrix
# ---------------------------------------------------------------------------


def read_template() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return data


@transaction.atomic
def load_responsibility_template(collaborative: Collaborative, *, actor: User) -> int:
    """Add the template's responsibilities the collaborative does not have yet, each
    assigned to the member agencies of the area's sectors. Returns how many were added."""
    _require(actor, MANAGE, collaborative.pk)
    template = read_template()
    present = set(
        Responsibility.objects.filter(collaborative=collaborative)
        .exclude(template_key="")
        .values_list("template_key", flat=True)
    )
    members = list(
        Agency.objects.filter(
            memberships__collaborative=collaborative, memberships__is_active=True
        ).only("pk", "sector")
    )
    start = Responsibility.objects.filter(collaborative=collaborative).aggregate(n=Max("position"))[
        "n"
    ]
    position = (start or 0) + 1
    added = 0
    for area in template["areas"]:
        sectors = set(area["sectors"])
        agencies = [a for a in members if a.sector in sectors]
        for index, line in enumerate(area["lines"], start=1):
            key = f"{area['key']}-{index}"
            if key in present:
                continue
            row = Responsibility.objects.create(
                collaborative=collaborative,
                area=area["title"],
                text=line,
                position=position,
                template_key=key,
            )
            row.agencies.set(agencies)
            position += 1
            added += 1
    record(
        actor=actor,
        action="protocol.responsibilities_loaded",
        target=collaborative,
        details={"added": added},
    )
    return added


def _members_only(collaborative_id: int, agencies: list[Agency]) -> None:
    outside = [a for a in agencies if not is_active_member(collaborative_id, a)]
    if outside:
        raise ValidationError({"agencies": [_("Choose member agencies only.")]})


@transaction.atomic
def add_responsibility(
    collaborative: Collaborative, *, actor: User, area: str, text: str, agencies: list[Agency]
) -> Responsibility:
    _require(actor, MANAGE, collaborative.pk)
    _members_only(collaborative.pk, agencies)
    last = Responsibility.objects.filter(collaborative=collaborative).aggregate(n=Max("position"))[
        "n"
    ]
    row = Responsibility.objects.create(
        collaborative=collaborative, area=area.strip(), text=text.strip(), position=(last or 0) + 1
    )
    row.agencies.set(agencies)
    record(
        actor=actor,
        action="protocol.responsibility_added",
        target=row,
        details={"agencies": len(agencies)},
    )
    return row


@transaction.atomic
def update_responsibility(
    row: Responsibility, *, actor: User, area: str, text: str, agencies: list[Agency]
) -> Responsibility:
    _require(actor, MANAGE, row.collaborative_id)
    _members_only(row.collaborative_id, agencies)
    row.area, row.text = area.strip(), text.strip()
    row.save(update_fields=["area", "text"])
    row.agencies.set(agencies)
    record(
        actor=actor,
        action="protocol.responsibility_updated",
        target=row,
        details={"agencies": len(agencies)},
    )
    return row


@transaction.atomic
def remove_responsibility(row: Responsibility, *, actor: User) -> None:
    _require(actor, MANAGE, row.collaborative_id)
    record(actor=actor, action="protocol.responsibility_removed", target=row)
    row.delete()


# ---------------------------------------------------------------------------
# Review reminders
# ---------------------------------------------------------------------------


@transaction.atomic
def mark_reminded(protocols: list[Protocol], *, on: datetime.date, messages: int) -> None:
    """The reminders of `on` went out for these protocols; audited once, counts only."""
    Protocol.objects.filter(pk__in=[p.pk for p in protocols]).update(review_reminded_on=on)
    record(
        actor=None,
        action="protocol.review_reminders_sent",
        details={"protocols": len(protocols), "messages": messages},
    )
