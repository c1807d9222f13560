"""Participation of survivor advisors and community partners, paid for their time
(Reimagined CCR): hours per meeting or activity, the stipend owed, and its payment.

Names are encrypted at rest and stay out of the audit trail (ids and amounts only).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.meetings.models import Meeting, Participant, ParticipationRecord
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can

CENT = Decimal("0.01")


def _require(actor: User, collaborative_id: int) -> None:
    if not can(actor, "foundations.manage", collaborative_id):
        raise PermissionDenied


@transaction.atomic
def add_participant(
    collaborative: Collaborative, *, kind: str, name: str, hourly_rate: Decimal, actor: User
) -> Participant:
    _require(actor, collaborative.pk)
    if hourly_rate < 0:
        raise ValidationError({"hourly_rate": [_("A rate is not negative.")]})
    participant = Participant.objects.create(
        collaborative=collaborative, kind=kind, name=name, hourly_rate=hourly_rate, created_by=actor
    )
    record(actor=actor, action="participant.added", target=participant, details={"kind": kind})
    return participant


@transaction.atomic
def record_participation(
    participant: Participant,
    *,
    on: datetime.date,
    hours: Decimal,
    actor: User,
    meeting: Meeting | None = None,
    activity: str = "",
) -> ParticipationRecord:
    """Hours at a meeting or activity; the amount owed is hours × the current rate."""
    _require(actor, participant.collaborative_id)
    if hours <= 0:
        raise ValidationError({"hours": [_("Record a positive number of hours.")]})
    if meeting is not None and meeting.collaborative_id != participant.collaborative_id:
        raise ValidationError({"meeting": [_("The meeting belongs to another collaborative.")]})
    if meeting is None and not activity.strip():
        raise ValidationError({"activity": [_("Name the meeting or the activity.")]})
    row = ParticipationRecord.objects.create(
        participant=participant,
        meeting=meeting,
        activity=activity,
        on=on,
        hours=hours,
        rate=participant.hourly_rate,
        amount=(hours * participant.hourly_rate).quantize(CENT),
        created_by=actor,
    )
    record(
        actor=actor,
        action="participation.recorded",
        target=row,
        details={
            "participant": str(participant.public_id),
            "hours": str(hours),
            "amount": str(row.amount),
        },
    )
    return row


@transaction.atomic
def pay_participation(row: ParticipationRecord, *, actor: User) -> ParticipationRecord:
    """Mark the stipend paid, with who and when; paying twice is refused."""
    _require(actor, row.participant.collaborative_id)
    now = timezone.now()
    updated = ParticipationRecord.objects.filter(pk=row.pk, paid_at__isnull=True).update(
        paid_at=now, paid_by=actor
    )
    if not updated:
        raise ValidationError(_("This stipend is already paid."))
    row.paid_at, row.paid_by = now, actor
    record(
        actor=actor, action="participation.paid", target=row, details={"amount": str(row.amount)}
    )
    return row


@dataclass(frozen=True)
class Summary:
    participant: Participant
    hours: Decimal
    owed: Decimal
    paid: Decimal


def summary(collaborative: Collaborative) -> tuple[list[Summary], Summary | None]:
    """Per person: hours, amount owed (unpaid) and paid; and the totals."""
    people = list(Participant.objects.filter(collaborative=collaborative))
    records = ParticipationRecord.objects.filter(participant__collaborative=collaborative)
    sums: dict[int, list[Decimal]] = {p.pk: [Decimal(0), Decimal(0), Decimal(0)] for p in people}
    for row in records:
        entry = sums[row.participant_id]
        entry[0] += row.hours
        entry[2 if row.paid_at else 1] += row.amount
    rows = [Summary(p, *sums[p.pk]) for p in people]
    if not rows:
        return rows, None
    total = Summary(
        people[0],
        sum((r.hours for r in rows), Decimal(0)),
        sum((r.owed for r in rows), Decimal(0)),
        sum((r.paid for r in rows), Decimal(0)),
    )
    return rows, total
