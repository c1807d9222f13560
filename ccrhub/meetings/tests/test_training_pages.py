"""Cross-training and participation pages, as the coordinator and the members use them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ccrhub.meetings import crosstraining, participation
from ccrhub.meetings.models import ParticipationRecord, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_coordinator_schedules_a_session_and_records_who_came(personas, client_as):
    coordinator = client_as(personas.coordinator)
    url = f"/meetings/training/{personas.ccr.public_id}/new/"

    response = coordinator.post(
        url,
        {
            "agency": str(personas.police.public_id),
            "title": "What the DV unit does",
            "starts_at": "2026-03-02T10:00",
            "duration_minutes": 60,
            "services": "Arrest, evidence, protection-order service",
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get(title="What the DV unit does")

    attendance = f"/meetings/training/session/{session.public_id}/attendance/"
    page = coordinator.get(attendance)
    assert str(personas.advocate.public_id) in page.content.decode()
    coordinator.post(attendance, {"attendees": [str(personas.advocate.public_id)]})

    assert list(session.attendance.values_list("user", flat=True)) == [personas.advocate.pk]
    listing = coordinator.get(f"/meetings/training/{personas.ccr.public_id}/").content.decode()
    assert "What the DV unit does" in listing and "Arrest, evidence" in listing


def test_reopening_the_attendance_shows_everyone_recorded_and_saving_it_keeps_them(
    personas, client_as
):
    session = crosstraining.schedule_training_session(
        personas.ccr,
        agency=personas.police,
        title="What the DV unit does",
        starts_at=timezone.now() - datetime.timedelta(days=1),
        actor=personas.coordinator,
    )
    crosstraining.record_training_attendance(
        session, attendees=[personas.advocate, personas.prosecutor], actor=personas.coordinator
    )
    coordinator = client_as(personas.coordinator)
    attendance = f"/meetings/training/session/{session.public_id}/attendance/"

    shown = coordinator.get(attendance).context["form"]["attendees"]
    ticked = [box.data["value"] for box in shown if box.data["selected"]]
    assert sorted(str(v) for v in ticked) == sorted(
        [str(personas.advocate.public_id), str(personas.prosecutor.public_id)]
    )
    coordinator.post(attendance, {"attendees": [str(v) for v in ticked]})
    assert session.attendance.count() == 2


def test_a_member_sees_completion_but_cannot_schedule(personas, client_as):
    crosstraining.schedule_training_session(
        personas.ccr,
        agency=personas.police,
        title="Police",
        starts_at=timezone.now() - datetime.timedelta(days=1),
        actor=personas.coordinator,
    )
    officer = client_as(personas.prosecutor)

    page = officer.get(f"/meetings/training/{personas.ccr.public_id}/")

    assert page.status_code == 200
    rows = {row.agency.name: row for row in page.context["agencies"]}
    assert rows[personas.police.name].presented
    assert not rows[personas.vsp.name].presented
    assert officer.get(f"/meetings/training/{personas.ccr.public_id}/new/").status_code == 403


def test_the_coordinator_records_hours_and_pays_the_stipend(personas, client_as):
    coordinator = client_as(personas.coordinator)
    base = f"/meetings/participation/{personas.ccr.public_id}/"
    coordinator.post(
        base + "people/new/",
        {"kind": "survivor_advisor", "name": "Rosa M.", "hourly_rate": "30.00"},
    )
    advisor = personas.ccr.participants.get()
    coordinator.post(
        base + "hours/new/",
        {
            "participant": str(advisor.public_id),
            "on": "2026-03-02",
            "hours": "2.5",
            "activity": "Protocol review",
        },
    )
    record = ParticipationRecord.objects.get()
    assert record.amount == Decimal("75.00")
    assert coordinator.get(base).context["total"].owed == Decimal("75.00")

    coordinator.post(f"/meetings/participation/record/{record.public_id}/pay/")

    record.refresh_from_db()
    assert record.paid_at is not None and record.paid_by == personas.coordinator
    total = coordinator.get(base).context["total"]
    assert (total.owed, total.paid) == (Decimal("0"), Decimal("75.00"))


def test_stipends_are_the_coordinators_alone(personas, client_as):
    advisor = participation.add_participant(
        personas.ccr,
        kind="community_partner",
        name="A. Partner",
        hourly_rate=Decimal("20"),
        actor=personas.coordinator,
    )
    record = participation.record_participation(
        advisor,
        on=datetime.date(2026, 3, 2),
        hours=Decimal("1"),
        activity="Outreach fair",
        actor=personas.coordinator,
    )
    base = f"/meetings/participation/{personas.ccr.public_id}/"
    assert client_as(personas.advocate).get(base).status_code == 403
    assert client_as(personas.outsider).get(base).status_code == 404
    pay = f"/meetings/participation/record/{record.public_id}/pay/"
    assert client_as(personas.advocate).post(pay).status_code == 403  # for any id
    record.refresh_from_db()
    assert record.paid_at is None
