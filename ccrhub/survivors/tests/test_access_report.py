"""A survivor record's access report (S20) and the audit of every full view (S18).

The advocate of Riverbend Safe Harbor sees who saw her survivor's record, when and
under what basis — her colleagues' reads and the police reading under a release alike.
The coordinator of the high-risk team the record was referred to sees who outside the
victim-service provider read it. Everyone else meets the 404 of a record that does not
exist.
"""

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccrhub.audit.log import record
from ccrhub.audit.models import AuditEvent
from ccrhub.highrisk.actions import refer_to_conference
from ccrhub.survivors.tests.conftest import ADDRESS, NAME, make_survivor, release

pytestmark = pytest.mark.django_db
RANDOM_ID = "6f1c1f4e-0a4b-4d36-9b6e-3f1d2b8c9a10"


def sameness(response: Any) -> bytes:
    """The page less what differs on every request (CSRF token, request id)."""
    content = response.content.replace(response["X-Request-ID"].encode(), b"")
    return bytes(re.sub(rb"[A-Za-z0-9]{64}", b"", content))


def report_url(survivor: Any) -> str:
    return reverse("survivors:access-report", args=[survivor.public_id])


def api_report_url(public_id: Any) -> str:
    return reverse("api-survivor-access-report", args=[public_id])


def refer(personas: Any, survivor: Any) -> Any:
    return refer_to_conference(
        personas.marac,
        actor=personas.advocate,
        survivor=survivor,
        victim_ref="Survivor of the report",
        perpetrator_ref="Perpetrator of the report",
        referred_on=timezone.localdate(),
        professional_judgement=True,
        judgement_reasons="Threats to kill.",
        consented=True,
    )


def views_of(survivor: Any, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="survivors.survivor", object_id=str(survivor.public_id)
        )
    )


def test_the_owning_agencys_own_view_of_a_record_is_audited_without_its_contents(
    personas: Any, client_as: Any, survivor: Any
) -> None:
    client = client_as(personas.advocate)
    assert client.get(reverse("survivors:survivor-detail", args=[survivor.public_id])).status_code
    assert client.get(reverse("survivors:survivor-edit", args=[survivor.public_id])).status_code
    (page, form) = sorted(views_of(survivor, "survivors.viewed"), key=lambda event: event.pk)
    assert page.actor == personas.advocate and page.details["via"] == "html"
    assert form.details["via"] == "html:edit"
    assert page.details["basis"] == "own_agency"
    trail = json.dumps([page.details, form.details, page.reason])
    assert NAME not in trail and ADDRESS not in trail


def test_a_shared_view_names_the_release_it_was_read_under(
    personas: Any, client_as: Any, api_as: Any, survivor: Any
) -> None:
    given = release(personas, survivor)
    client_as(personas.police_officer).get(
        reverse("survivors:shared-detail", args=[survivor.public_id])
    )
    api_as(personas.police_officer).get(f"/api/v1/survivors/shared/{survivor.public_id}")
    events = views_of(survivor, "survivors.shared_viewed")
    assert [event.details["via"] for event in events] == ["html", "api"]
    for event in events:
        assert event.details["basis"] == "release"
        assert event.details["releases"] == [str(given.public_id)]


def test_the_advocate_sees_who_saw_the_record_and_under_what_basis(
    personas: Any, client_as: Any, api_as: Any, survivor: Any
) -> None:
    release(personas, survivor)
    advocate = client_as(personas.advocate)
    detail = advocate.get(reverse("survivors:survivor-detail", args=[survivor.public_id]))
    assert report_url(survivor) in detail.content.decode()
    client_as(personas.police_officer).get(
        reverse("survivors:shared-detail", args=[survivor.public_id])
    )
    client_as(personas.prosecutor).get(
        reverse("survivors:shared-detail", args=[survivor.public_id])
    )

    page = advocate.get(report_url(survivor))
    assert page.status_code == 200
    text = page.content.decode()
    officer = personas.police_officer.get_full_name()
    assert officer in text and personas.police.name in text
    assert "Release of information" in text and "Own agency" in text
    assert "Opened the record" in text and "Read what was shared" in text
    # The prosecutor's office has no release: its attempt found nothing and left no view.
    assert personas.prosecutor.get_full_name() not in text
    # The report shows no survivor field, and reading it is itself on the record.
    assert NAME not in text and ADDRESS not in text
    (read,) = views_of(survivor, "survivors.access_report_read")
    assert read.actor == personas.advocate and read.details == {"basis": "own_agency"}


def test_the_api_report_has_the_same_rows_as_the_page(
    personas: Any, client_as: Any, api_as: Any, survivor: Any
) -> None:
    release(personas, survivor)
    api_as(personas.police_officer).get(f"/api/v1/survivors/shared/{survivor.public_id}")
    response = api_as(personas.advocate).get(api_report_url(survivor.public_id))
    assert response.status_code == 200
    rows = response.json()["results"]
    shared = [row for row in rows if row["action"] == "survivors.shared_viewed"]
    assert shared == [
        {
            "occurred_at": shared[0]["occurred_at"],
            "actor": str(personas.police_officer.public_id),
            "actor_name": personas.police_officer.get_full_name(),
            "agency": personas.police.name,
            "role": shared[0]["role"],
            "action": "survivors.shared_viewed",
            "basis": "release",
            "via": "api",
            "outcome": "success",
        }
    ]
    assert {row["basis"] for row in rows} >= {"own_agency", "release"}


def test_the_report_comes_in_pages(personas: Any, client_as: Any, survivor: Any) -> None:
    for _ in range(55):
        record(actor=personas.advocate, action="survivors.viewed", target=survivor)
    client = client_as(personas.advocate)
    first = client.get(report_url(survivor)).content.decode()
    assert "?page=2" in first and "Page 1 of 2" in first
    second = client.get(report_url(survivor), {"page": 2})
    assert second.status_code == 200 and "Page 2 of 2" in second.content.decode()


def test_the_coordinator_of_the_team_sees_only_reads_from_outside_the_owning_agency(
    personas: Any, client_as: Any, api_as: Any, survivor: Any
) -> None:
    release(personas, survivor)
    referral = refer(personas, survivor)
    coordinator = client_as(personas.coordinator)
    referral_page = coordinator.get(reverse("highrisk:referral-detail", args=[referral.public_id]))
    assert report_url(survivor) in referral_page.content.decode()
    client_as(personas.advocate).get(
        reverse("survivors:survivor-detail", args=[survivor.public_id])
    )
    client_as(personas.police_officer).get(
        reverse("survivors:shared-detail", args=[survivor.public_id])
    )
    page = coordinator.get(report_url(survivor))
    assert page.status_code == 200
    text = page.content.decode()
    assert personas.police_officer.get_full_name() in text and "Release of information" in text
    assert personas.advocate.get_full_name() not in text and "Opened the record" not in text
    rows = api_as(personas.coordinator).get(api_report_url(survivor.public_id)).json()["results"]
    # The police read, and the coordinator's own reading of the report a moment ago.
    assert {row["agency"] for row in rows} == {
        personas.police.name,
        personas.coordinating_agency.name,
    }
    reads = views_of(survivor, "survivors.access_report_read")
    assert [event.details["basis"] for event in reads] == ["coordinator", "coordinator"]


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "police_officer", "agency_admin", "prosecutor", "analyst", "outsider"],
)
def test_anyone_else_gets_the_404_of_a_record_that_does_not_exist(
    personas: Any, client_as: Any, api_as: Any, survivor: Any, persona: str
) -> None:
    # The police read the record under a release; the coordinator's team never had it.
    release(personas, survivor)
    user = getattr(personas, persona)
    page, nothing = (
        client_as(user).get(reverse("survivors:access-report", args=[key]))
        for key in (survivor.public_id, RANDOM_ID)
    )
    assert page.status_code == nothing.status_code == 404
    assert sameness(page) == sameness(nothing)
    api, api_nothing = (
        api_as(user).get(api_report_url(key)) for key in (survivor.public_id, RANDOM_ID)
    )
    assert api.status_code == api_nothing.status_code == 404
    assert api.json() == api_nothing.json()
    assert not views_of(survivor, "survivors.access_report_read")


def test_the_advocate_gets_404_for_a_record_of_another_victim_service_provider(
    personas: Any, client_as: Any, api_as: Any
) -> None:
    other = make_survivor(personas)
    other.owner_agency = personas.agency("lakeside_shelter")
    other.save(update_fields=["owner_agency"])
    assert client_as(personas.advocate).get(report_url(other)).status_code == 404
    assert api_as(personas.advocate).get(api_report_url(other.public_id)).status_code == 404


# What the report costs, page and API, however many reads and releases it shows. The page
# first pays what every signed-in page pays (1 the session, 2 the user, 3 the session
# record, 4 the roles, 5 the MFA check); the API 1 the token, 2 the roles. Then both:
REPORT_QUERIES = (
    "the survivor record",
    "whether a restriction keeps the reader from it",
    "the ids of its releases",
    "the ids of its compelled disclosures",
    "the ids of its tasks",
    "the page of events, with actor, agency and collaborative",
    "the audit chain's last hash (reading the report is itself audited)",
    "the audit event",
)
PAGE_QUERIES = 5 + len(REPORT_QUERIES) + 1  # and the count of events, for "Page 1 of N"
API_QUERIES = 2 + len(REPORT_QUERIES)  # a cursor page needs no count


def statements(client: Any, url: str) -> int:
    """Queries of one request, without savepoints; PostgreSQL also takes the audit chain's
    advisory lock, which SQLite (one writer at a time) does without."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return sum(
        1
        for statement in sql
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        and "pg_advisory_xact_lock" not in statement
    )


@pytest.mark.parametrize("door", ["page", "api"])
def test_the_report_costs_a_fixed_number_of_queries_however_long_it_is(
    personas: Any, client_as: Any, api_as: Any, survivor: Any, door: str
) -> None:
    if door == "page":
        client, url, expected = client_as(personas.advocate), report_url(survivor), PAGE_QUERIES
    else:
        client = api_as(personas.advocate)
        url, expected = api_report_url(survivor.public_id), API_QUERIES
    release(personas, survivor)
    client.get(url)  # warm the session
    assert statements(client, url) == expected
    release(personas, survivor, to=personas.prosecutor_office)
    for _ in range(30):
        record(actor=personas.police_officer, action="survivors.viewed", target=survivor)
    assert statements(client, url) == expected


def test_an_expired_release_still_shows_as_the_basis_of_the_read_it_allowed(
    personas: Any, client_as: Any, survivor: Any
) -> None:
    import time_machine

    release(personas, survivor)
    client_as(personas.police_officer).get(
        reverse("survivors:shared-detail", args=[survivor.public_id])
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60)):
        text = client_as(personas.advocate).get(report_url(survivor)).content.decode()
    assert personas.police_officer.get_full_name() in text and "Release of information" in text
