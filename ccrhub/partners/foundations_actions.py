"""State changes of team foundations (G.R.I.P.): mission statement versions, leadership
terms and the coordinator's one-to-one log. Each is audited in its own transaction;
details hold ids, numbers and statuses only, never text or names."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    LeadershipPosition,
    LeadershipTerm,
    MissionStatus,
    MissionVersion,
    OneToOneMeeting,
    Representative,
)
from ccrhub.partners.queries import can


def _require(actor: User, permission: str, collaborative_id: int) -> None:
    if not can(actor, permission, collaborative_id):
        raise PermissionDenied


# ---------------------------------------------------------------------------
# Mission statement
# ---------------------------------------------------------------------------


@transaction.atomic
def draft_mission_version(
    collaborative: Collaborative, *, text: str, actor: User
) -> MissionVersion:
    """A new draft, numbered after the collaborative's last version."""
    _require(actor, "foundations.manage", collaborative.pk)
    if not text.strip():
        raise ValidationError({"text": [_("Write the mission statement.")]})
    # Lock the collaborative's row so two drafts cannot take the same number.
    Collaborative.objects.select_for_update().filter(pk=collaborative.pk).first()
    last = MissionVersion.objects.filter(collaborative=collaborative).aggregate(n=Max("number"))
    version = MissionVersion.objects.create(
        collaborative=collaborative,
        number=(last["n"] or 0) + 1,
        text=text.strip(),
        created_by=actor,
    )
    record(
        actor=actor,
        action="mission.drafted",
        target=version,
        details={"number": version.number},
    )
    return version


@transaction.atomic
def edit_mission_draft(version: MissionVersion, *, text: str, actor: User) -> MissionVersion:
    _require(actor, "foundations.manage", version.collaborative_id)
    if version.status != MissionStatus.DRAFT:
        raise ValidationError({"text": [_("Only a draft is edited; draft a new version instead.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write the mission statement.")]})
    version.text = text.strip()
    version.save(update_fields=["text"])
    record(actor=actor, action="mission.edited", target=version, details={"number": version.number})
    return version


@transaction.atomic
def propose_mission_version(version: MissionVersion, *, actor: User) -> MissionVersion:
    """Draft → proposed: it can now be put to the members and adopted by a decision."""
    _require(actor, "foundations.manage", version.collaborative_id)
    updated = MissionVersion.objects.filter(pk=version.pk, status=MissionStatus.DRAFT).update(
        status=MissionStatus.PROPOSED
    )
    if not updated:
        raise ValidationError(_("Only a draft can be proposed."))
    version.status = MissionStatus.PROPOSED
    record(
        actor=actor, action="mission.proposed", target=version, details={"number": version.number}
    )
    return version


@transaction.atomic
def adopt_mission_version(version: MissionVersion, *, decision: Any) -> MissionVersion:
    """Proposed → adopted, by a decision of the same collaborative closed as adopted; the
    version adopted before is superseded. The actor is whoever closed the decision; the
    decision's outcome is checked by its only caller, `meetings.adoption.adopt`."""
    if decision.collaborative_id != version.collaborative_id:
        raise ValidationError(_("The decision belongs to another collaborative."))
    locked = MissionVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != MissionStatus.PROPOSED:
        raise ValidationError(_("Only a proposed mission statement can be adopted."))
    superseded = list(
        MissionVersion.objects.filter(
            collaborative_id=locked.collaborative_id, status=MissionStatus.ADOPTED
        ).values_list("number", flat=True)
    )
    MissionVersion.objects.filter(
        collaborative_id=locked.collaborative_id, status=MissionStatus.ADOPTED
    ).update(status=MissionStatus.SUPERSEDED)
    locked.status = MissionStatus.ADOPTED
    locked.adopted_by = decision
    locked.adopted_at = decision.closed_at or timezone.now()
    locked.save(update_fields=["status", "adopted_by", "adopted_at"])
    record(
        actor=decision.closed_by,
        action="mission.adopted",
        target=locked,
        details={
            "number": locked.number,
            "decision": str(decision.public_id),
            "superseded": superseded,
        },
    )
    version.status, version.adopted_by, version.adopted_at = (
        locked.status,
        locked.adopted_by,
        locked.adopted_at,
    )
    return locked


# ---------------------------------------------------------------------------
# Leadership
# ---------------------------------------------------------------------------


@transaction.atomic
def appoint_leader(
    collaborative: Collaborative,
    *,
    position: str,
    user: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    actor: User,
) -> LeadershipTerm:
    """A term in a leadership position, held by someone with a role in the collaborative."""
    _require(actor, "foundations.manage", collaborative.pk)
    if position not in LeadershipPosition.values:
        raise ValidationError({"position": [_("Not a leadership position.")]})
    holds_role = Representative.objects.filter(
        collaborative=collaborative, user=user, is_active=True
    ).exists()
    if not holds_role:
        raise ValidationError({"user": [_("This person has no role in the collaborative.")]})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("A term ends after it starts.")]})
    term = LeadershipTerm.objects.create(
        collaborative=collaborative,
        position=position,
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="leadership.appointed",
        target=term,
        details={"position": position, "user": str(user.public_id)},
    )
    return term


@transaction.atomic
def end_leadership_term(term: LeadershipTerm, *, on: datetime.date, actor: User) -> LeadershipTerm:
    """End a term early (or set the end of an open-ended one)."""
    _require(actor, "foundations.manage", term.collaborative_id)
    if on < term.starts_on:
        raise ValidationError({"ends_on": [_("A term ends after it starts.")]})
    term.ends_on = on
    term.save(update_fields=["ends_on"])
    record(actor=actor, action="leadership.ended", target=term, details={"position": term.position})
    return term


# ---------------------------------------------------------------------------
# One-to-ones (private to the coordinator who writes them)
# ---------------------------------------------------------------------------


@transaction.atomic
def log_one_to_one(
    collaborative: Collaborative,
    *,
    met_on: datetime.date,
    agency: Agency | None,
    person: str,
    notes: str,
    follow_up: str,
    follow_up_on: datetime.date | None,
    actor: User,
) -> OneToOneMeeting:
    _require(actor, "relationships.manage", collaborative.pk)
    if agency is not None:
        member = AgencyMembership.objects.filter(collaborative=collaborative, agency=agency)
        if not member.exists():
            raise ValidationError(
                {"agency": [_("This agency is not a member of the collaborative.")]}
            )
    entry = OneToOneMeeting.objects.create(
        collaborative=collaborative,
        author=actor,
        met_on=met_on,
        agency=agency,
        person=person,
        notes=notes,
        follow_up=follow_up,
        follow_up_on=follow_up_on,
    )
    record(
        actor=actor,
        action="one_to_one.logged",
        target=entry,
        details={"agency": str(agency.public_id) if agency else ""},
    )
    return entry


@transaction.atomic
def update_one_to_one(
    entry: OneToOneMeeting, *, changes: dict[str, Any], actor: User
) -> OneToOneMeeting:
    """Only its author changes an entry."""
    if entry.author_id != actor.pk:
        raise PermissionDenied
    _require(actor, "relationships.manage", entry.collaborative_id)
    allowed = {"met_on", "agency", "person", "notes", "follow_up", "follow_up_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.save(update_fields=sorted(changes))
    record(
        actor=actor,
        action="one_to_one.updated",
        target=entry,
        details={"fields": sorted(changes)},
    )
    return entry
