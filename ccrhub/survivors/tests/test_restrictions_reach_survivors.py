"""Restrictions reach the survivor record (S6).

Riverbend Safe Harbor released Marisol's address to the police department, so the DV
unit can plan her safety. The patrol officer is the accused in her case: a release
names an agency, but he must never read her record through it. A restriction on the
high-risk referral naming her record, or on the tracking case that referral links,
keeps the person it names away from the record too — on the page, in the API, in the
"shared with us" list and on the referral — and each attempt is audited and alerts the
coordinator.
"""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.accounts.restrictions import restrict
from ccrhub.audit.models import Alert, AlertRule, AuditEvent
from ccrhub.cases.actions import open_case
from ccrhub.highrisk.actions import refer_to_conference
from ccrhub.risk.actions import record_assessment
from ccrhub.survivors.access import may_read_survivor, survivor_view_for
from ccrhub.survivors.tests.conftest import ADDRESS, NAME, release

pytestmark = pytest.mark.django_db
RANDOM_ID = "0b7d7a52-3f57-4a3c-9d57-2f7a1c8e4b61"


@pytest.fixture
def party_case(personas: Any) -> Any:
    """Marisol's case, in which the patrol officer is the accused."""
    case = open_case(
        personas.ccr,
        external_ref="RPD-2026-0417",
        offender_ref="P-100200",
        opened_on=datetime.date(2026, 4, 9),
        actor=personas.police_officer,
    )
    restrict(case, actor=personas.coordinator, user=personas.party_officer, party=True)
    return case


def refer(personas: Any, survivor: Any, *, linked_case: Any = None) -> Any:
    return refer_to_conference(
        personas.marac,
        actor=personas.advocate,
        survivor=survivor,
        linked_case=linked_case,
        victim_ref="Marisol V",
        perpetrator_ref="The accused officer",
        referred_on=timezone.localdate(),
        professional_judgement=True,
        judgement_reasons="Threats to kill.",
        consented=True,
    )


def shared_page(survivor_id: Any) -> str:
    return reverse("survivors:shared-detail", args=[survivor_id])


def shared_api(survivor_id: Any) -> str:
    return f"/api/v1/survivors/shared/{survivor_id}"


def sameness(response: Any) -> bytes:
    content = response.content.replace(response["X-Request-ID"].encode(), b"")
    return bytes(re.sub(rb"[A-Za-z0-9]{64}", b"", content))


def refusals(user: Any, survivor: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="restricted.denied",
            actor=user,
            object_type="survivors.survivor",
            object_id=str(survivor.public_id),
            outcome="denied",
        )
    )


def test_a_party_to_her_case_cannot_read_the_record_released_to_his_agency(
    personas: Any, client_as: Any, api_as: Any, survivor: Any, party_case: Any
) -> None:
    release(personas, survivor, categories=["address", "identity"])
    refer(personas, survivor, linked_case=party_case)
    officer = client_as(personas.party_officer)

    page, nothing = (
        officer.get(shared_page(survivor.public_id)),
        officer.get(shared_page(RANDOM_ID)),
    )
    assert page.status_code == nothing.status_code == 404
    assert sameness(page) == sameness(nothing)
    assert ADDRESS not in page.content.decode()
    api = api_as(personas.party_officer)
    hidden, missing = api.get(shared_api(survivor.public_id)), api.get(shared_api(RANDOM_ID))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    # Not listed as shared with his agency either, and nothing of it reaches him elsewhere.
    listed = officer.get(reverse("survivors:shared-list")).content.decode()
    assert str(survivor.public_id) not in listed
    assert not may_read_survivor(personas.party_officer, survivor, "address")
    assert survivor_view_for(personas.party_officer, survivor).fields == {}
    assert not AuditEvent.objects.filter(
        action="survivors.shared_viewed", actor=personas.party_officer
    ).exists()
    # His colleagues in the DV unit still read what was released, page and API.
    colleague = client_as(personas.police_officer).get(shared_page(survivor.public_id))
    assert colleague.status_code == 200 and ADDRESS in colleague.content.decode()
    values = api_as(personas.police_officer).get(shared_api(survivor.public_id)).json()["values"]
    assert values["address"] == ADDRESS


def test_each_attempt_is_audited_and_alerts_the_coordinator(
    personas: Any,
    client_as: Any,
    api_as: Any,
    survivor: Any,
    party_case: Any,
    anomaly_rules_run: Any,
) -> None:
    release(personas, survivor)
    refer(personas, survivor, linked_case=party_case)
    with anomaly_rules_run():
        client_as(personas.party_officer).get(shared_page(survivor.public_id))
        api_as(personas.party_officer).get(shared_api(survivor.public_id))
    assert len(refusals(personas.party_officer, survivor)) == 2
    alerts = Alert.objects.filter(
        rule=AlertRule.RESTRICTED, actor=personas.party_officer, collaborative=personas.ccr
    )
    assert alerts.count() == 2
    trail = str([event.details for event in refusals(personas.party_officer, survivor)])
    assert NAME not in trail and ADDRESS not in trail
    # The advocate's access report shows the refused attempts.
    report = client_as(personas.advocate).get(
        reverse("survivors:access-report", args=[survivor.public_id])
    )
    assert personas.party_officer.get_full_name() in report.content.decode()


def test_a_restriction_on_the_referral_itself_reaches_the_record(
    personas: Any, client_as: Any, api_as: Any, survivor: Any
) -> None:
    release(personas, survivor)
    referral = refer(personas, survivor)
    restrict(referral, actor=personas.coordinator, user=personas.police_officer)
    assert (
        client_as(personas.police_officer).get(shared_page(survivor.public_id)).status_code == 404
    )
    assert api_as(personas.police_officer).get(shared_api(survivor.public_id)).status_code == 404
    assert refusals(personas.police_officer, survivor)
    # Nobody else in the agency is kept out by it.
    assert client_as(personas.agency_admin).get(shared_page(survivor.public_id)).status_code == 200


def test_a_restriction_against_a_whole_unit_reaches_the_record(
    personas: Any, client_as: Any, survivor: Any, party_case: Any
) -> None:
    release(personas, survivor)
    referral = refer(personas, survivor)
    restrict(referral, actor=personas.coordinator, unit=personas.dv_unit)
    assert personas.police_officer.unit_id == personas.dv_unit.pk
    assert (
        client_as(personas.police_officer).get(shared_page(survivor.public_id)).status_code == 404
    )


def test_the_owning_agencys_restricted_staff_lose_the_record_too(
    personas: Any, client_as: Any, api_as: Any, survivor: Any, party_case: Any
) -> None:
    referral = refer(personas, survivor, linked_case=party_case)
    assessment = record_assessment(
        survivor,
        "dash",
        {},
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=datetime.date(2026, 4, 10),
    )
    advocate = client_as(personas.advocate)
    detail = reverse("survivors:survivor-detail", args=[survivor.public_id])
    # The case is restricted against the party officer only: nothing changes for her.
    assert advocate.get(detail).status_code == 200
    restrict(referral, actor=personas.coordinator, user=personas.advocate)
    assert advocate.get(detail).status_code == 404
    edit = reverse("survivors:survivor-edit", args=[survivor.public_id])
    assert advocate.get(edit).status_code == 404
    assert NAME not in advocate.get(reverse("survivors:survivor-list")).content.decode()
    report = reverse("survivors:access-report", args=[survivor.public_id])
    assert advocate.get(report).status_code == 404
    # Her agency's risk assessments of the record are kept from her as well.
    assessment_page = reverse("risk:assessment-detail", args=[assessment.public_id])
    assert advocate.get(assessment_page).status_code == 404
    new_assessment = reverse("risk:assessment-create") + f"?survivor={survivor.public_id}"
    assert advocate.get(new_assessment).status_code == 404
    assert len(refusals(personas.advocate, survivor)) == 5
