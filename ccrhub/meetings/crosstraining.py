"""Cross-training: each member agency presents its services, hours, policies and
contacts to the others; attendance per representative; completion per agency.

The completion rule: a representative has completed cross-training when they have
attended a session of every *other* member agency that has presented; an agency is
complete when it has presented itself and every one of its active representatives
has completed. Protocol changes may require re-training of named roles: see
`retraining_required`, which asks the protocols area.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.meetings.models import TrainingAttendance, TrainingSession
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Representative
from ccrhub.partners.queries import can
from ccrhub.protocols import queries as protocol_queries


@transaction.atomic
def schedule_training_session(
    collaborative: Collaborative,
    *,
    agency: Agency,
    title: str,
    starts_at: datetime.datetime,
    actor: User,
    duration_minutes: int = 60,
    location: str = "",
    services: str = "",
    hours: str = "",
    policies: str = "",
    contacts: str = "",
) -> TrainingSession:
    """A member agency's presentation of itself to the others."""
    if not can(actor, "foundations.manage", collaborative.pk):
        raise PermissionDenied
    member = AgencyMembership.objects.filter(
        collaborative=collaborative, agency=agency, is_active=True
    ).exists()
    if not member:
        raise ValidationError({"agency": [_("This agency is not a member of the collaborative.")]})
    session = TrainingSession.objects.create(
        collaborative=collaborative,
        agency=agency,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        services=services,
        hours=hours,
        policies=policies,
        contacts=contacts,
        created_by=actor,
    )
    record(
        actor=actor,
        action="training.scheduled",
        target=session,
        details={"agency": str(agency.public_id)},
    )
    return session


@transaction.atomic
def record_training_attendance(
    session: TrainingSession, *, attendees: Iterable[User], actor: User
) -> int:
    """Set who attended (replacing the earlier list); people with a role only."""
    if not can(actor, "foundations.manage", session.collaborative_id):
        raise PermissionDenied
    people = list(attendees)
    allowed = set(
        Representative.objects.filter(
            collaborative_id=session.collaborative_id, is_active=True
        ).values_list("user_id", flat=True)
    )
    if any(person.pk not in allowed for person in people):
        raise ValidationError({"attendees": [_("Someone listed has no role here.")]})
    TrainingAttendance.objects.filter(session=session).exclude(
        user_id__in=[p.pk for p in people]
    ).delete()
    for person in people:
        TrainingAttendance.objects.get_or_create(
            session=session, user=person, defaults={"agency_id": person.agency_id}
        )
    record(
        actor=actor,
        action="training.attendance_recorded",
        target=session,
        details={"attended": len(people)},
    )
    return len(people)


@dataclass(frozen=True)
class PersonCompletion:
    user: Any
    attended: frozenset[int]  # agencies whose session they attended
    missing: list[Agency]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class AgencyCompletion:
    agency: Agency
    presented: bool
    people: list[PersonCompletion]

    @property
    def complete(self) -> bool:
        return self.presented and bool(self.people) and all(p.complete for p in self.people)

    @property
    def people_complete(self) -> int:
        return sum(1 for person in self.people if person.complete)


def completion(
    collaborative: Collaborative, *, now: datetime.datetime | None = None
) -> list[AgencyCompletion]:
    """Per member agency: has it presented, and which of its representatives attended
    every other presenting agency's session. Four queries, whatever the numbers."""
    now = now or timezone.now()
    agencies = list(
        Agency.objects.filter(
            memberships__collaborative=collaborative, memberships__is_active=True
        ).order_by("name")
    )
    held = TrainingSession.objects.filter(
        collaborative=collaborative, is_cancelled=False, starts_at__lte=now
    )
    presenters = set(held.values_list("agency_id", flat=True))
    attended: dict[int, set[int]] = {}
    for user_id, agency_id in TrainingAttendance.objects.filter(session__in=held).values_list(
        "user_id", "session__agency_id"
    ):
        attended.setdefault(user_id, set()).add(agency_id)
    reps = Representative.objects.filter(
        collaborative=collaborative, is_active=True, user__agency__isnull=False
    ).select_related("user")
    by_agency: dict[int, list[Any]] = {}
    for rep in reps:
        if rep.user.agency_id is not None:
            by_agency.setdefault(rep.user.agency_id, []).append(rep.user)
    rows = []
    for agency in agencies:
        people = []
        for user in sorted(by_agency.get(agency.pk, []), key=lambda u: str(u)):
            seen = attended.get(user.pk, set())
            missing = [
                a for a in agencies if a.pk in presenters and a.pk != agency.pk and a.pk not in seen
            ]
            people.append(PersonCompletion(user, frozenset(seen), missing))
        rows.append(AgencyCompletion(agency, agency.pk in presenters, people))
    return rows


def retraining_required(collaborative: Collaborative) -> list[tuple[str, int, list[str]]]:
    """Re-training required by adopted protocol versions, as the protocols area says."""
    return protocol_queries.retraining_required(collaborative)
