"""`remind_unverified`: the people who keep an entry nobody has confirmed for
CCRHUB_DIRECTORY_VERIFY_DAYS get one e-mail listing their entries; twice a day sends
nothing new; the run is audited with counts only."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from ccrhub.accounts.models import User
from ccrhub.audit.models import AuditEvent
from ccrhub.directory.models import Service
from ccrhub.directory.reminders import send_reminders
from ccrhub.partners.models import Representative, Role

pytestmark = pytest.mark.django_db


def make_stale(*services: Service, days: int = 200) -> None:
    Service.objects.filter(pk__in=[s.pk for s in services]).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=days)
    )


@pytest.fixture
def safe_harbor_admin(personas) -> User:
    """Safe Harbor's own agency admin in the CCR."""
    user = User.objects.create_user(
        email="director@safeharbor.example.org", password="x" * 20, agency=personas.vsp
    )
    Representative.objects.create(collaborative=personas.ccr, user=user, role=Role.AGENCY_ADMIN)
    return user


def test_the_owning_agencys_admin_is_reminded_of_its_stale_entries(
    personas, directory, safe_harbor_admin, settings
) -> None:
    settings.CCRHUB_DIRECTORY_VERIFY_DAYS = 90
    shelter, hotline = directory["services"]["shelter"], directory["services"]["hotline"]
    make_stale(shelter, hotline)
    make_stale(directory["services"]["advocacy"], days=30)  # recent enough

    with TestCase.captureOnCommitCallbacks(execute=True):
        run = send_reminders(commit=True)

    assert [m.to for m in mail.outbox] == [[safe_harbor_admin.email]]
    body = mail.outbox[0].body
    assert shelter.name in body and hotline.name in body
    assert directory["services"]["advocacy"].name not in body
    assert f"/directory/services/{shelter.public_id}/" in body
    assert "90 days" in body
    assert run.counts() == {"services": 2, "messages": 1}
    shelter.refresh_from_db()
    assert shelter.verification_reminded_on == timezone.localdate()
    event = AuditEvent.objects.get(action="directory.verification_reminders_run")
    assert event.details == {"services": 2, "messages": 1, "dry_run": False}


def test_entries_without_an_agency_admin_go_to_the_coordinators(personas, directory) -> None:
    make_stale(directory["services"]["shelter"])

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True)

    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]


def test_running_twice_the_same_day_sends_once(personas, directory, safe_harbor_admin) -> None:
    make_stale(directory["services"]["shelter"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True)

    with TestCase.captureOnCommitCallbacks(execute=True):
        again = send_reminders(commit=True)

    assert len(mail.outbox) == 1 and again.counts()["services"] == 0
    # A week later, still unverified: reminded again.
    later = timezone.localdate() + datetime.timedelta(days=7)
    assert send_reminders(today=later, commit=True).counts()["services"] == 1


def test_the_command_is_a_dry_run_unless_committed(personas, directory) -> None:
    make_stale(directory["services"]["shelter"])
    out = io.StringIO()

    call_command("remind_unverified", stdout=out)
    assert "Would send 1 message(s) about 1 entry" in out.getvalue()
    assert mail.outbox == []

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_unverified", "--commit", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_verified_entries_are_not_reminded(personas, directory) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders(commit=True)

    assert mail.outbox == []
