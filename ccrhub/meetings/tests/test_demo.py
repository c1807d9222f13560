"""The demo county's meetings: a recurring monthly CCR meeting with an agenda, approved
minutes, and overdue actions for two agencies."""

import pytest
from django.utils import timezone

from ccrhub.meetings.demo import seed_demo_meetings
from ccrhub.meetings.models import ActionItem, MeetingSeries
from ccrhub.partners.demo import DEMO_PARTS

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_monthly_ccr_meeting_with_minutes_and_overdue_actions(personas) -> None:
    assert seed_demo_meetings in DEMO_PARTS
    seed_demo_meetings(personas.county)
    series = MeetingSeries.objects.get(collaborative=personas.ccr)
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2TH"
    past = series.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at")
    latest = past.first()
    assert latest.minutes_approved and latest.agenda_items.count() == 4
    assert latest.attendance.filter(status="present").count() == 5
    assert series.meetings.filter(starts_at__gte=timezone.now()).exists()
    overdue = ActionItem.objects.overdue(timezone.localdate())
    assert set(overdue.values_list("owner_agency", flat=True)) == {
        personas.police.pk,
        personas.probation.pk,
    }


@pytest.mark.fresh_database
def test_the_demo_meeting_has_two_closed_decisions(settings) -> None:
    from io import StringIO

    from django.core.management import call_command

    from ccrhub.meetings.models import Decision

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    decisions = Decision.objects.filter(meeting__isnull=False)
    assert decisions.count() == 2
    assert set(decisions.values_list("status", flat=True)) == {"closed"}


def test_the_demo_has_the_ccrs_foundations(personas) -> None:
    from ccrhub.meetings.crosstraining import completion
    from ccrhub.meetings.demo import seed_demo_foundations
    from ccrhub.meetings.models import ParticipationRecord
    from ccrhub.partners.foundations_queries import current_leadership
    from ccrhub.partners.models import MissionVersion, OneToOneMeeting

    assert DEMO_PARTS.index(seed_demo_foundations) > DEMO_PARTS.index(seed_demo_meetings)
    seed_demo_meetings(personas.county)
    seed_demo_foundations(personas.county)
    mission = MissionVersion.objects.get(collaborative=personas.ccr)
    assert mission.status == "adopted" and mission.adopted_by.adopted == mission
    leadership = current_leadership(personas.ccr, today=timezone.localdate())
    assert [row.ends_soon for row in leadership] == [True, False, False]
    rows = completion(personas.ccr)
    presented = [row for row in rows if row.presented]
    assert len(presented) == 2
    # Safe Harbor presented, and its advocate attended the police session: complete.
    # The police presented, but their officer has not attended Safe Harbor's yet.
    assert [row.agency for row in rows if row.complete] == [personas.vsp]
    records = ParticipationRecord.objects.filter(participant__collaborative=personas.ccr)
    assert sorted(r.is_paid for r in records) == [False, True]
    assert OneToOneMeeting.objects.filter(author=personas.coordinator).count() == 1
