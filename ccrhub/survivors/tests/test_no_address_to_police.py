"""No path shows a survivor's address to a police user without a valid release.

Walks every page and endpoint of the survivor and risk areas as the police officer
with no release, an expired one, a revoked one, and one naming another agency; then
the audit trail and the log output. Also: the database holds ciphertext only."""

import datetime
import logging
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.risk.actions import record_assessment
from ccrhub.survivors import actions
from ccrhub.survivors.models import Release
from ccrhub.survivors.tests.conftest import ADDRESS, NAME, SUBSTITUTE, make_survivor, release

pytestmark = pytest.mark.django_db


def routes(survivor: Any, given: Any = None) -> list[str]:
    sid = survivor.public_id
    urls = [
        reverse("survivors:survivor-list"),
        reverse("survivors:survivor-detail", args=[sid]),
        reverse("survivors:survivor-edit", args=[sid]),
        reverse("survivors:shared-list"),
        reverse("survivors:shared-detail", args=[sid]),
        reverse("risk:assessment-list"),
        "/api/v1/survivors/releases/",
        f"/api/v1/survivors/shared/{sid}",
        "/api/v1/risk/assessments/",
    ]
    if given is not None:
        urls += [
            reverse("survivors:release-revoke", args=[given.public_id]),
            f"/api/v1/survivors/releases/{given.public_id}",
        ]
    return urls


def assert_no_address(client: Any, survivor: Any, given: Any = None) -> None:
    for url in routes(survivor, given):
        response = client.get(url)
        body = response.content.decode()
        assert ADDRESS not in body, url
        assert NAME not in body, url
    shared = [
        reverse("survivors:shared-detail", args=[survivor.public_id]),
        f"/api/v1/survivors/shared/{survivor.public_id}",
    ]
    # A token client reaches the API only; a session client both.
    answers = [client.get(url).status_code for url in shared]
    assert 404 in answers and set(answers) <= {404, 302}, answers


@pytest.fixture
def police(personas: Any, client_as: Any) -> Any:
    return client_as(personas.police_officer)


@pytest.fixture
def police_api(personas: Any, api_as: Any) -> Any:
    return api_as(personas.police_officer)


def test_no_release_no_address(personas: Any, police: Any, police_api: Any) -> None:
    survivor = make_survivor(personas)
    record_assessment(
        survivor,
        "dash",
        {"q1": "yes"},
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=datetime.date(2026, 3, 1),
    )
    assert_no_address(police, survivor)
    assert_no_address(police_api, survivor)


def test_a_release_for_another_agency_opens_nothing_to_the_police(
    personas: Any, police: Any, police_api: Any
) -> None:
    survivor = make_survivor(personas)
    given = release(personas, survivor, to=personas.prosecutor_office, categories=["address"])
    assert_no_address(police, survivor, given)
    assert_no_address(police_api, survivor, given)


def test_a_release_of_other_categories_does_not_open_the_address(
    personas: Any, police: Any
) -> None:
    survivor = make_survivor(personas)
    release(personas, survivor, categories=["contact"])
    page = police.get(reverse("survivors:shared-detail", args=[survivor.public_id]))
    assert page.status_code == 200
    assert "555-0142" in page.content.decode()
    assert ADDRESS not in page.content.decode()


def test_a_revoked_release_gives_404_on_the_next_request(
    personas: Any, police: Any, police_api: Any
) -> None:
    survivor = make_survivor(personas)
    given = release(personas, survivor)
    url = reverse("survivors:shared-detail", args=[survivor.public_id])
    page = police.get(url)
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    actions.revoke_release(given, actor=personas.advocate)
    assert_no_address(police, survivor, given)
    assert_no_address(police_api, survivor, given)


def test_an_expired_release_gives_404(personas: Any, police: Any, police_api: Any) -> None:
    survivor = make_survivor(personas)
    given = release(personas, survivor, expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert (
        police.get(reverse("survivors:shared-detail", args=[survivor.public_id])).status_code == 200
    )
    # The hour passes (moving the clock would also end the sessions and tokens).
    Release.objects.filter(pk=given.pk).update(expires_at=timezone.now())
    assert_no_address(police, survivor, given)
    assert_no_address(police_api, survivor, given)


def test_an_address_confidentiality_participant_shares_the_substitute_only(
    personas: Any, police: Any, police_api: Any
) -> None:
    survivor = make_survivor(personas, address_confidentiality=True, substitute_address=SUBSTITUTE)
    release(personas, survivor, categories=["address"])
    page = police.get(reverse("survivors:shared-detail", args=[survivor.public_id]))
    assert SUBSTITUTE in page.content.decode() and ADDRESS not in page.content.decode()
    api = police_api.get(f"/api/v1/survivors/shared/{survivor.public_id}")
    assert api.json()["values"] == {"address": SUBSTITUTE}


def test_every_shared_view_is_audited_without_personal_data(
    personas: Any, police: Any, police_api: Any, caplog: pytest.LogCaptureFixture
) -> None:
    survivor = make_survivor(personas)
    given = release(personas, survivor, categories=["address", "identity"])
    caplog.set_level(logging.DEBUG)
    police.get(reverse("survivors:shared-detail", args=[survivor.public_id]))
    police_api.get(f"/api/v1/survivors/shared/{survivor.public_id}")
    actions.revoke_release(given, actor=personas.advocate)
    police.get(reverse("survivors:shared-detail", args=[survivor.public_id]))
    views = AuditEvent.objects.filter(action="survivors.shared_viewed")
    assert [event.details["via"] for event in views.order_by("pk")] == ["html", "api"]
    for event in AuditEvent.objects.all():
        text = f"{event.details} {event.reason} {event.object_id}"
        assert ADDRESS not in text and NAME not in text
    assert ADDRESS not in caplog.text and NAME not in caplog.text


def test_survivor_fields_are_ciphertext_in_the_database(personas: Any) -> None:
    survivor = make_survivor(
        personas, address_confidentiality=True, substitute_address=SUBSTITUTE, notes="Sister helps"
    )
    release(personas, survivor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, address, phone, substitute_address, notes FROM survivors_survivor"
        )
        row = " ".join(str(value) for value in cursor.fetchone())
        cursor.execute("SELECT purpose FROM survivors_release")
        purpose = str(cursor.fetchone()[0])
    for plain in (NAME, ADDRESS, "555-0142", SUBSTITUTE, "Sister helps"):
        assert plain not in row
    assert "Safety planning" not in purpose
