"""Violations and responses: probation detects, the court or probation answers, never before."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions
from ccrhub.cases.access import access_violation
from ccrhub.cases.models import Violation, ViolationResponse

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 4)


def test_probation_records_a_violation_and_it_is_audited(personas, ccr_case):
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=DAY, actor=personas.probation_officer
    )
    assert violation.reported_by == personas.probation
    row = AuditEvent.objects.get(action="violation.recorded")
    assert row.object_id == str(violation.public_id) and row.details == {"kind": "technical"}


def test_a_prosecutor_does_not_report_violations(personas, ccr_case):
    with pytest.raises(ValidationError):
        actions.record_violation(
            ccr_case, kind="technical", detected_on=DAY, actor=personas.prosecutor
        )


def test_a_violation_names_an_order_of_its_own_case_only(personas, ccr_case, party_case):
    other_order = actions.issue_order(
        party_case,
        kind="no_contact",
        issued_on=DAY,
        issued_by=personas.court,
        actor=personas.coordinator,
    )
    with pytest.raises(ValidationError) as error:
        actions.record_violation(
            ccr_case,
            kind="new_offence",
            detected_on=DAY,
            order=other_order,
            actor=personas.police_officer,
        )
    assert "order" in error.value.message_dict


def test_a_response_cannot_precede_the_violation(personas, ccr_case):
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=DAY, actor=personas.probation_officer
    )
    with pytest.raises(ValidationError) as error:
        actions.record_violation_response(
            violation,
            kind="warning",
            responded_on=DAY - datetime.timedelta(days=1),
            actor=personas.probation_officer,
        )
    assert "responded_on" in error.value.message_dict
    assert not ViolationResponse.objects.exists()


def test_probation_answers_with_a_review_hearing_and_it_is_audited(personas, ccr_case):
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=DAY, actor=personas.probation_officer
    )
    response = actions.record_violation_response(
        violation, kind="review_hearing", responded_on=DAY, actor=personas.probation_officer
    )
    assert response.agency == personas.probation
    row = AuditEvent.objects.get(action="violation.responded")
    assert row.object_id == str(violation.public_id)
    assert row.details == {"response": str(response.public_id), "kind": "review_hearing"}


def test_the_police_do_not_answer_violations(personas, ccr_case):
    violation = actions.record_violation(
        ccr_case, kind="new_offence", detected_on=DAY, actor=personas.police_officer
    )
    with pytest.raises(ValidationError):
        actions.record_violation_response(
            violation, kind="warning", responded_on=DAY, actor=personas.police_officer
        )
    with pytest.raises(PermissionDenied):
        actions.record_violation_response(
            violation,
            kind="warning",
            responded_on=DAY,
            agency=personas.court,
            actor=personas.police_officer,
        )


def test_violations_of_a_hidden_case_are_404(personas, party_case):
    violation = actions.record_violation(
        party_case, kind="technical", detected_on=DAY, actor=personas.probation_officer
    )
    for user in (personas.party_officer, personas.outsider, personas.analyst):
        with pytest.raises(Http404):
            access_violation(user, violation.public_id)
    assert access_violation(personas.prosecutor, violation.public_id) == violation


def test_api_violations_and_responses_round_trip(personas, ccr_case, api_as):
    api = api_as(personas.probation_officer)
    created = api.post(
        f"/api/v1/cases/{ccr_case.public_id}/violations",
        {"kind": "technical", "detected_on": "2026-05-04"},
        format="json",
    )
    assert created.status_code == 201, created.content
    violation_id = created.json()["id"]
    url = f"/api/v1/violations/{violation_id}/responses"
    early = api.post(url, {"kind": "warning", "responded_on": "2026-05-01"}, format="json")
    assert early.status_code == 400 and "responded_on" in early.json()["errors"]
    answered = api.post(url, {"kind": "warning", "responded_on": "2026-05-06"}, format="json")
    assert answered.status_code == 201
    listed = api.get(f"/api/v1/cases/{ccr_case.public_id}/violations").json()["results"]
    assert [r["kind"] for r in listed[0]["responses"]] == ["warning"]
    assert [r["responded_on"] for r in api.get(url).json()["results"]] == ["2026-05-06"]


def test_api_refuses_a_response_from_the_police_and_hides_from_the_outsider(
    personas, ccr_case, api_as
):
    violation = actions.record_violation(
        ccr_case, kind="technical", detected_on=DAY, actor=personas.probation_officer
    )
    url = f"/api/v1/violations/{violation.public_id}/responses"
    payload = {"kind": "warning", "responded_on": "2026-05-06"}
    assert api_as(personas.police_officer).post(url, payload, format="json").status_code == 403
    assert api_as(personas.outsider).post(url, payload, format="json").status_code == 404
    assert Violation.objects.get().responses.count() == 0
