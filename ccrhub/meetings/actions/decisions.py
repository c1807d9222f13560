"""Decisions and votes."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.meetings import adoption
from ccrhub.meetings.access import is_eligible_voter, voting_agency_id
from ccrhub.meetings.actions.base import _require_manage
from ccrhub.meetings.models import (
    AgendaItem,
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Meeting,
    Tally,
    VoteChoice,
    VotingUnit,
)
from ccrhub.partners.models import Collaborative


class AlreadyVoted(Exception):
    """This person, or on a per-agency decision a colleague, has already voted."""


def _check_decision_place(
    collaborative: Collaborative, meeting: Meeting | None, agenda_item: AgendaItem | None
) -> None:
    if meeting is not None and meeting.collaborative_id != collaborative.pk:
        raise ValidationError({"meeting": [_("This meeting belongs to another collaborative.")]})
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": [_("This item is not on the meeting's agenda.")]})


@transaction.atomic
def create_decision(
    collaborative: Collaborative,
    *,
    title: str,
    actor: User,
    text: str = "",
    voting_unit: str = VotingUnit.AGENCY,
    anonymous: bool = False,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """A draft proposal; members vote once the coordinator opens it."""
    _require_manage(actor, collaborative.pk)
    _check_decision_place(collaborative, meeting, agenda_item)
    decision = Decision.objects.create(
        collaborative=collaborative,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        text=text,
        voting_unit=VotingUnit(voting_unit),
        anonymous=anonymous,
        created_by=actor,
    )
    record(
        actor=actor,
        action="decision.created",
        target=decision,
        details={"voting_unit": decision.voting_unit, "anonymous": anonymous},
    )
    return decision


def _locked(decision: Decision) -> Decision:
    """The decision row, locked until the transaction ends, so opening, voting and closing
    see one another's effects in order."""
    return Decision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def open_decision(decision: Decision, *, actor: User) -> Decision:
    _require_manage(actor, decision.collaborative_id)
    locked = _locked(decision)
    if locked.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Only a draft decision can be opened."))
    # Every counter exists from the start: no row appears when (or because) someone votes.
    Tally.objects.bulk_create(Tally(decision=locked, choice=choice) for choice in VoteChoice)
    locked.status = DecisionStatus.OPEN
    locked.opened_at = timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    record(actor=actor, action="decision.opened", target=locked)
    decision.status, decision.opened_at = locked.status, locked.opened_at
    return locked


@transaction.atomic
def cast_vote(decision: Decision, *, choice: str, actor: User) -> Ballot:
    """One ballot per eligible voter (per agency on per-agency decisions).

    The ballot records who voted; on anonymous decisions what they chose goes only into
    the tally counter, and the audit trail says that a vote was cast, not which.
    """
    locked = _locked(decision)
    if not locked.is_open:
        raise ValidationError(_("This decision is not open for votes."))
    if not is_eligible_voter(actor, locked):
        raise PermissionDenied
    option = VoteChoice(choice)
    agency_id = voting_agency_id(actor, locked) if locked.per_agency else None
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                decision=locked,
                voter=actor,
                agency_id=agency_id,
                choice="" if locked.anonymous else option,
            )
    except IntegrityError:
        raise AlreadyVoted from None
    Tally.objects.filter(decision=locked, choice=option).update(count=F("count") + 1)
    details: dict[str, Any] = {"per_agency": locked.per_agency}
    if not locked.anonymous:
        details["choice"] = option.value
    record(actor=actor, action="decision.vote_cast", target=locked, details=details)
    return ballot


@transaction.atomic
def close_decision(
    decision: Decision,
    *,
    outcome: str,
    actor: User,
    outcome_note: str = "",
    adopted_reference: str = "",
    adopts: adoption.Adoptable | None = None,
) -> Decision:
    """Stop the vote and record its outcome; the results become visible to members.

    `adopts` links the decision to what it adopted (a mission or protocol version of the
    same collaborative). When the outcome is "adopted", `meetings.adoption.adopt` puts the
    target in force, in this transaction.
    """
    _require_manage(actor, decision.collaborative_id)
    locked = _locked(decision)
    if not locked.is_open:
        raise ValidationError(_("Only an open decision can be closed."))
    if adopts is not None and adopts.collaborative_id != locked.collaborative_id:
        raise ValidationError({"adopts": [_("That belongs to another collaborative.")]})
    locked.status = DecisionStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.outcome = DecisionOutcome(outcome)
    locked.outcome_note = outcome_note
    locked.adopted_reference = adopted_reference
    locked.adopted = adopts
    locked.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_by",
            "outcome",
            "outcome_note",
            "adopted_reference",
            "adopted_type",
            "adopted_id",
        ]
    )
    details: dict[str, Any] = {"outcome": locked.outcome}
    if adopts is not None:
        details["adopts"] = adoption.describe(adopts)
    record(actor=actor, action="decision.closed", target=locked, details=details)
    if adopts is not None and locked.outcome == DecisionOutcome.ADOPTED:
        adoption.adopt(adopts, decision=locked)
    decision.status, decision.outcome = locked.status, locked.outcome
    return locked
