"""A record's access report: who saw it, when, under what basis (S20)."""

import re
from typing import Any

import pytest

from ccrhub.audit.log import record
from ccrhub.audit.models import Alert, AuditEvent
from ccrhub.audit.queries import access_report
from ccrhub.audit.tests.helpers import make_agency, make_collaborative, make_person, signed_in
from ccrhub.partners.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("ccrhub.audit.tests.urls")]


@pytest.fixture
def story() -> dict[str, Any]:
    riverside = make_collaborative()
    police = make_agency("Riverside Police Department")
    people = {
        "riverside": riverside,
        "coordinator": make_person(riverside, Role.COORDINATOR),
        "officer": make_person(riverside, Role.MEMBER, full_name="Officer Reyes", agency=police),
        "advocate": make_person(riverside, Role.ADVOCATE, full_name="Advocate Kim"),
        "outsider": make_person(make_collaborative("Hill County CCR"), Role.COORDINATOR),
    }
    record(actor=people["officer"], action="collaborative.viewed", target=riverside)
    record(
        actor=people["advocate"],
        action="collaborative.updated",
        target=riverside,
        reason="new mission",
    )
    return people


def report_url(collaborative: Any) -> str:
    return (
        "/audit/access-report/?object_type=partners.collaborative"
        f"&object_id={collaborative.public_id}"
    )


def test_the_report_query_lists_every_viewer_newest_first(story: dict[str, Any]) -> None:
    events = access_report("partners.collaborative", str(story["riverside"].public_id))
    assert [(e.actor, e.action) for e in events] == [
        (story["advocate"], "collaborative.updated"),
        (story["officer"], "collaborative.viewed"),
    ]


def test_the_coordinator_sees_who_saw_the_record(story: dict[str, Any]) -> None:
    response = signed_in(story["coordinator"]).get(report_url(story["riverside"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Officer Reyes" in page and "Riverside Police Department" in page
    assert "Advocate Kim" in page and "new mission" in page
    # Reading the report is itself on the record.
    assert AuditEvent.objects.filter(
        action="audit.report_read", actor=story["coordinator"]
    ).exists()


@pytest.mark.parametrize("persona", ["officer", "advocate"])
def test_members_who_are_not_coordinators_are_refused(story: dict[str, Any], persona: str) -> None:
    response = signed_in(story[persona]).get(report_url(story["riverside"]))
    assert response.status_code == 403


def test_a_coordinator_elsewhere_gets_the_same_answer_as_for_nothing(
    story: dict[str, Any],
) -> None:
    client = signed_in(story["outsider"])
    other = client.get(report_url(story["riverside"]))
    nothing = client.get(
        "/audit/access-report/?object_type=partners.collaborative"
        "&object_id=00000000-0000-0000-0000-000000000000"
    )
    assert other.status_code == nothing.status_code == 404
    assert normalised(other) == normalised(nothing)


def normalised(response: Any) -> str:
    """The page without what differs on every request: correlation id, CSRF token."""
    page = response.content.decode().replace(response["X-Request-ID"], "")
    return re.sub(r"[A-Za-z0-9]{64}", "", page)


def test_anonymous_visitors_are_sent_to_log_in(story: dict[str, Any]) -> None:
    from django.test import Client

    response = Client().get(report_url(story["riverside"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_coordinator_acknowledges_an_alert(
    story: dict[str, Any], anomaly_rules_run: Any
) -> None:
    from ccrhub.audit.log import record_denial

    with anomaly_rules_run():
        record_denial(actor=story["officer"], action="restricted.denied", target=story["riverside"])
    alert = Alert.objects.get()
    client = signed_in(story["coordinator"])
    listing = client.get("/audit/alerts/")
    assert (
        listing.status_code == 200
        and "Attempt to open a restricted record" in listing.content.decode()
    )

    response = client.post(f"/audit/alerts/{alert.public_id}/acknowledge/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == story["coordinator"] and alert.acknowledged_at is not None
    assert AuditEvent.objects.filter(action="alert.acknowledged").count() == 1


@pytest.mark.parametrize(("persona", "answer"), [("officer", 403), ("outsider", 404)])
def test_others_cannot_see_or_acknowledge_the_alert(
    story: dict[str, Any], persona: str, answer: int, anomaly_rules_run: Any
) -> None:
    from ccrhub.audit.log import record_denial

    with anomaly_rules_run():
        record_denial(actor=story["officer"], action="restricted.denied", target=story["riverside"])
    alert = Alert.objects.get()
    client = signed_in(story[persona])
    response = client.post(f"/audit/alerts/{alert.public_id}/acknowledge/")
    # The officer's roles see no alerts anywhere (403 for any id); the outsider
    # coordinates elsewhere and finds no such alert.
    assert response.status_code == answer
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
