"""Cross-training completion per agency, and stipends for survivor advisors and
community partners: owed, then paid once, with names kept out of the audit trail."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import crosstraining, participation

pytestmark = pytest.mark.django_db


def _session(personas: Any, agency: Any, days: int = -7) -> Any:
    return crosstraining.schedule_training_session(
        personas.ccr,
        agency=agency,
        title="What we do",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        actor=personas.coordinator,
    )


def test_an_agency_completes_when_its_people_attended_every_other_presenter(
    personas: Any,
) -> None:
    police = _session(personas, personas.police)
    safe_harbor = _session(personas, personas.vsp)
    _session(personas, personas.prosecutor_office, days=10)  # not held yet: not required
    crosstraining.record_training_attendance(
        police, attendees=[personas.advocate], actor=personas.coordinator
    )
    crosstraining.record_training_attendance(
        safe_harbor, attendees=[personas.police_officer], actor=personas.coordinator
    )
    rows = {row.agency: row for row in crosstraining.completion(personas.ccr)}
    assert rows[personas.vsp].complete
    # The police presented, but only one of its three people attended Safe Harbor's session.
    assert rows[personas.police].presented and not rows[personas.police].complete
    assert not rows[personas.prosecutor_office].presented


def test_only_the_coordinator_schedules_cross_training(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        crosstraining.schedule_training_session(
            personas.ccr,
            agency=personas.police,
            title="x",
            starts_at=timezone.now(),
            actor=personas.police_officer,
        )


def test_a_stipend_is_owed_then_paid_once_and_names_stay_out_of_the_audit(
    personas: Any,
) -> None:
    advisor = participation.add_participant(
        personas.ccr,
        kind="survivor_advisor",
        name="Maya R.",
        hourly_rate=Decimal("30"),
        actor=personas.coordinator,
    )
    row = participation.record_participation(
        advisor,
        on=timezone.localdate(),
        hours=Decimal("2.5"),
        activity="Listening session",
        actor=personas.coordinator,
    )
    assert row.amount == Decimal("75.00")
    rows, total = participation.summary(personas.ccr)
    assert [r.hours for r in rows] == [Decimal("2.5")]
    assert total is not None and (total.owed, total.paid) == (Decimal("75.00"), 0)
    participation.pay_participation(row, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        participation.pay_participation(row, actor=personas.coordinator)
    _rows, total = participation.summary(personas.ccr)
    assert total is not None and (total.owed, total.paid) == (0, Decimal("75.00"))
    row.refresh_from_db()
    assert row.paid_by == personas.coordinator
    trail = AuditEvent.objects.filter(action__startswith="particip")
    assert trail.count() == 3 and all("Maya" not in str(e.details) for e in trail)


def test_no_hours_no_stipend(personas: Any) -> None:
    partner = participation.add_participant(
        personas.ccr,
        kind="community_partner",
        name="Pastor Ellis",
        hourly_rate=Decimal("20"),
        actor=personas.coordinator,
    )
    with pytest.raises(ValidationError):
        participation.record_participation(
            partner,
            on=timezone.localdate(),
            hours=Decimal(0),
            activity="x",
            actor=personas.coordinator,
        )
