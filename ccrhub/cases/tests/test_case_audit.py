"""Each case action writes exactly its audit event; a failing audit write fails the act."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError

from ccrhub.accounts.restrictions import restrict
from ccrhub.audit.models import AuditEvent
from ccrhub.cases.actions import open_case, update_case
from ccrhub.cases.models import Case

pytestmark = pytest.mark.django_db


def new_actions(since: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=since).order_by("pk").values_list("action", flat=True)
    )


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_each_case_action_writes_exactly_its_event(personas) -> None:
    mark = last_event_id()
    case = open_case(
        personas.ccr,
        external_ref="AU-1",
        offender_ref="o",
        opened_on=datetime.date(2026, 1, 1),
        actor=personas.police_officer,
    )
    assert new_actions(mark) == ["case.opened"]

    mark = last_event_id()
    update_case(case, version=1, changes={"agency_case_number": "X"}, actor=personas.police_officer)
    assert new_actions(mark) == ["case.updated"]

    mark = last_event_id()
    restrict(case, actor=personas.coordinator, user=personas.prosecutor)
    assert new_actions(mark) == ["restriction.added"]
    event = AuditEvent.objects.get(pk__gt=mark)
    assert event.object_id == str(case.public_id)
    assert event.actor == personas.coordinator and event.collaborative == personas.ccr


def test_an_audit_event_holds_no_offender_identifier(personas) -> None:
    open_case(
        personas.ccr,
        external_ref="AU-2",
        offender_ref="SECRET-ID-77",
        opened_on=datetime.date(2026, 1, 1),
        actor=personas.police_officer,
    )
    for event in AuditEvent.objects.values():
        assert "SECRET-ID-77" not in str(event)


def test_a_failing_audit_write_fails_the_request_and_keeps_no_case(personas, api_as) -> None:
    api = api_as(personas.police_officer)
    api.raise_request_exception = False
    with mock.patch("ccrhub.audit.log.append_event", side_effect=DatabaseError("audit down")):
        response = api.post(
            "/api/v1/cases/",
            {
                "collaborative": str(personas.ccr.public_id),
                "external_ref": "AU-3",
                "offender_ref": "o",
                "opened_on": "2026-01-01",
            },
            format="json",
        )
    assert response.status_code == 500
    assert not Case.objects.filter(external_ref="AU-3").exists()
