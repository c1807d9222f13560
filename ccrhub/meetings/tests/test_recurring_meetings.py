"""A recurring meeting is a recurrence rule kept as data, its occurrences made ahead."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions, recurrence
from ccrhub.meetings.models import Meeting

from .conftest import last_event_id

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_a_monthly_series_makes_its_second_thursdays_six_months_ahead(personas) -> None:
    first = datetime.datetime(2026, 1, 8, 9, 30, tzinfo=CHICAGO)
    mark = last_event_id()
    series = actions.create_series(
        personas.ccr,
        title="CCR monthly",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_starts_at=first,
        actor=personas.coordinator,
        now=datetime.datetime(2026, 1, 1, tzinfo=CHICAGO),
    )
    days = [m.starts_at.astimezone(CHICAGO).date() for m in series.meetings.order_by("starts_at")]
    assert days[:4] == [
        datetime.date(2026, 1, 8),
        datetime.date(2026, 2, 12),
        datetime.date(2026, 3, 12),
        datetime.date(2026, 4, 9),
    ]
    assert len(days) == 6 and all(d.weekday() == 3 for d in days)
    event = AuditEvent.objects.get(pk__gt=mark)
    assert event.action == "meeting.series_created"
    assert event.details == {"occurrences": 6} and event.collaborative_id == personas.ccr.pk


def test_the_local_time_holds_across_daylight_saving(personas) -> None:
    first = datetime.datetime(2026, 2, 12, 9, 30, tzinfo=CHICAGO)  # before the March change
    series = actions.create_series(
        personas.ccr,
        title="CCR monthly",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_starts_at=first,
        actor=personas.coordinator,
        now=first,
    )
    local_times = {m.starts_at.astimezone(CHICAGO).time() for m in series.meetings.all()}
    assert local_times == {datetime.time(9, 30)}


def test_materialising_again_adds_only_what_is_missing(personas) -> None:
    first = datetime.datetime(2026, 1, 8, 9, 30, tzinfo=CHICAGO)
    series = actions.create_series(
        personas.ccr,
        title="CCR monthly",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_starts_at=first,
        actor=personas.coordinator,
        now=first,
    )
    before = Meeting.objects.filter(series=series).count()
    assert actions.materialise(series, until=first + datetime.timedelta(days=120)) == []
    later = actions.materialise(series, until=first + datetime.timedelta(days=300))
    assert len(later) > 0
    assert Meeting.objects.filter(series=series).count() == before + len(later)


@pytest.mark.parametrize(
    "rule", ["FREQ=HOURLY", "FREQ=MINUTELY;COUNT=5", "not a rule", "", "FREQ=DAILY\nX-EVIL=1"]
)
def test_rules_that_are_not_meetings_are_refused(personas, rule) -> None:
    with pytest.raises(ValidationError):
        actions.create_series(
            personas.ccr,
            title="Spam",
            rrule=rule,
            first_starts_at=datetime.datetime(2026, 1, 8, 9, 30, tzinfo=CHICAGO),
            actor=personas.coordinator,
        )
    assert not Meeting.objects.exists()


def test_the_form_choices_become_rules_anchored_on_the_first_meeting() -> None:
    first = datetime.datetime(2026, 1, 29, 18, 0, tzinfo=CHICAGO)  # the last Thursday
    assert recurrence.rule_for(recurrence.Repeat("monthly_weekday"), first) == (
        "FREQ=MONTHLY;BYDAY=-1TH"
    )
    assert recurrence.rule_for(
        recurrence.Repeat("fortnightly", datetime.date(2026, 6, 30)), first
    ) == ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20260630T235959")


def test_only_the_coordinator_creates_a_series(personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.create_series(
            personas.ccr,
            title="Mine",
            rrule="FREQ=WEEKLY",
            first_starts_at=datetime.datetime(2026, 1, 8, 9, 30, tzinfo=CHICAGO),
            actor=personas.police_officer,
        )
