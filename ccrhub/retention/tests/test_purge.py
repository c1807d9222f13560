"""Retention: what is past its schedule goes, with a tombstone; a dry run changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case
from ccrhub.retention import purge, registry
from ccrhub.retention.models import Tombstone
from ccrhub.survivors.models import Survivor

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 21, 12, 0))


def survivor_created(personas, days_ago: int, **fields) -> Survivor:
    survivor = Survivor.objects.create(
        owner_agency=personas.advocate.agency,
        regime="vsp",
        created_by=personas.advocate,
        **fields,
    )
    Survivor.objects.filter(pk=survivor.pk).update(
        created_at=NOW - datetime.timedelta(days=days_ago)
    )
    return survivor


def test_a_dry_run_counts_and_changes_nothing(personas):
    old = survivor_created(personas, 800, address="12 Elm Street", phone="555-0101")

    report = purge.run(commit=False, now=NOW)

    assert report.counts["survivor_contact"] == 1
    old.refresh_from_db()
    assert old.address == "12 Elm Street"
    assert not Tombstone.objects.exists()


def test_contact_details_past_the_schedule_are_blanked_and_the_ledger_says_so(personas):
    old = survivor_created(personas, 800, name="Ana", address="12 Elm Street", phone="555-0101")
    recent = survivor_created(personas, 100, address="3 Oak Road")

    purge.run(commit=True, now=NOW, categories=["survivor_contact"])

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.address, old.phone, old.name) == ("", "", "Ana")
    assert recent.address == "3 Oak Road"
    tombstone = Tombstone.objects.get()
    assert (tombstone.object_type, tombstone.object_id) == (
        "survivors.survivor",
        str(old.public_id),
    )
    assert "address" in tombstone.fields
    assert "Elm" not in str(Tombstone.objects.values().get())
    event = AuditEvent.objects.filter(action="retention.purge").get()
    assert event.details == {"category": "survivor_contact", "count": 1}


def test_a_case_quiet_since_the_cutoff_goes_whole(personas):
    stale = open_case(
        personas.ccr,
        external_ref="OLD-1",
        offender_ref="P-1",
        opened_on=datetime.date(2016, 1, 4),
        actor=personas.police_officer,
    )
    active = open_case(
        personas.ccr,
        external_ref="OLD-2",
        offender_ref="P-2",
        opened_on=datetime.date(2016, 1, 4),
        actor=personas.police_officer,
    )
    active.events.create(
        stage="probation_start",
        occurred_on=datetime.date(2026, 1, 5),
        agency=personas.agency("probation"),
        created_by=personas.probation_officer,
    )

    purge.run(commit=True, now=NOW, categories=["case_data"])

    assert not Case.objects.filter(pk=stale.pk).exists()
    assert Case.objects.filter(pk=active.pk).exists()
    assert Tombstone.objects.filter(object_id=str(stale.public_id)).exists()


def test_audit_is_kept_at_least_a_year_whatever_the_configuration(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 30}
    assert registry.schedule_days("audit") == 365


def test_the_command_is_a_dry_run_unless_told_to_commit(personas, capsys):
    survivor_created(personas, 800, address="12 Elm Street")

    call_command("purge")
    assert "Dry run" in capsys.readouterr().out
    assert not Tombstone.objects.exists()

    call_command("purge", "--commit", "--category", "survivor_contact")
    assert Tombstone.objects.count() == 1
