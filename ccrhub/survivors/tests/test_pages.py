"""The survivor pages as the advocate uses them: create and edit a record, record a
release (after confirming her password), answer a subpoena, tell the survivor."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.survivors.models import CompelledDisclosure, NotificationTask, Release, Survivor
from ccrhub.survivors.tests.conftest import ADDRESS, make_survivor

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def advocate(personas: Any, client_as: Any) -> Any:
    client = client_as(personas.advocate)
    answer = client.post("/accounts/reauthenticate/", {"password": personas.password("advocate")})
    assert answer.status_code == 302
    return client


def test_the_advocate_creates_and_edits_a_record(personas: Any, advocate: Any) -> None:
    created = advocate.post(reverse("survivors:survivor-create"), {"address": ADDRESS})
    survivor = Survivor.objects.get()
    assert created["Location"] == reverse("survivors:survivor-detail", args=[survivor.public_id])
    assert ADDRESS in advocate.get(created["Location"]).content.decode()
    edit = reverse("survivors:survivor-edit", args=[survivor.public_id])
    advocate.post(edit, {"address": "New place", "version": 1})
    survivor.refresh_from_db()
    assert survivor.address == "New place" and survivor.version == 2
    stale = advocate.post(edit, {"address": "Older", "version": 1})
    assert stale.status_code == 409


def test_an_acp_record_needs_its_substitute_address(advocate: Any) -> None:
    page = advocate.post(
        reverse("survivors:survivor-create"), {"address": ADDRESS, "address_confidentiality": "on"}
    )
    assert page.status_code == 200 and not Survivor.objects.exists()


def test_a_release_needs_the_not_a_condition_statement(personas: Any, advocate: Any) -> None:
    survivor = make_survivor(personas)
    url = reverse("survivors:release-create", args=[survivor.public_id])
    page = advocate.get(url).content.decode()
    assert "never a condition of service" in page
    now = timezone.localtime()
    data = {
        "recipient_agency": str(personas.police.public_id),
        "categories": ["address"],
        "purpose": "Safety planning",
        "signed_at": (now - datetime.timedelta(hours=1)).strftime(LOCAL),
        "expires_at": (now + datetime.timedelta(days=7)).strftime(LOCAL),
    }
    refused = advocate.post(url, data)
    assert refused.status_code == 200 and not Release.objects.exists()
    accepted = advocate.post(url, {**data, "told_not_condition_of_service": "on"})
    assert accepted.status_code == 302
    assert Release.objects.get().categories == ["address"]


def test_a_release_refused_after_the_password_prompt_is_sent_back_to_the_release_page(
    personas: Any, client_as: Any
) -> None:
    """The password prompt replays the submission at its own address; the refused form
    it draws must still post to the release page, not to the prompt."""
    survivor = make_survivor(personas)
    url = reverse("survivors:release-create", args=[survivor.public_id])
    client = client_as(personas.advocate)
    asked = client.post(url, {"categories": ["contact", "address"], "purpose": "Safety"})
    assert asked.status_code == 302 and "reauthenticate" in asked["Location"]
    replayed = client.post(asked["Location"], {"password": personas.password("advocate")})
    assert replayed.status_code == 200
    body = replayed.content.decode()
    assert "never a condition of service" in body and not Release.objects.exists()
    assert f'action="{url}"' in body


def test_a_subpoena_waits_for_review_and_a_court_order_gives_a_minimal_extract(
    personas: Any, advocate: Any, client_as: Any
) -> None:
    survivor = make_survivor(personas)
    url = reverse("survivors:disclosure-create", args=[survivor.public_id])
    common = {
        "instrument_reference": "CR-2026-77",
        "requesting_body": "Defence counsel",
        "received_on": "2026-03-03",
    }
    advocate.post(url, {**common, "instrument": "subpoena", "categories": ["identity"]})
    subpoena = CompelledDisclosure.objects.get()
    assert subpoena.status == CompelledDisclosure.Status.REVIEW_REQUIRED
    detail = advocate.get(reverse("survivors:disclosure-detail", args=[subpoena.public_id]))
    assert "Minimal extract" not in detail.content.decode()
    assert NotificationTask.objects.filter(disclosure=subpoena, done_at__isnull=True).exists()

    advocate.post(url, {**common, "instrument": "court_order", "categories": ["identity"]})
    order = CompelledDisclosure.objects.exclude(pk=subpoena.pk).get()
    page = advocate.get(reverse("survivors:disclosure-detail", args=[order.public_id]))
    body = page.content.decode()
    assert "Minimal extract" in body and survivor.name in body and ADDRESS not in body

    task = NotificationTask.objects.get(disclosure=order)
    advocate.post(reverse("survivors:task-complete", args=[task.public_id]))
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_recorder_cannot_review_their_own_subpoena(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    from ccrhub.survivors import actions

    survivor = make_survivor(personas)
    subpoena = actions.record_disclosure(
        survivor,
        actor=personas.advocate,
        instrument="subpoena",
        instrument_reference="X",
        requesting_body="Y",
        categories=["identity"],
        received_on=datetime.date(2026, 3, 3),
    )
    with pytest.raises(ValidationError):
        actions.review_disclosure(subpoena, actor=personas.advocate, authorise=True, note="ok")


def test_the_uk_form_asks_for_the_basis(personas: Any, advocate: Any, settings: Any) -> None:
    settings.JURISDICTION = "uk"
    survivor = make_survivor(personas)
    page = advocate.get(reverse("survivors:release-create", args=[survivor.public_id]))
    body = page.content.decode()
    assert "Lawful basis" in body and "Special-category condition" in body
