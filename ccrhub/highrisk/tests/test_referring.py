"""An advocate refers from her DASH: the page is pre-filled, the criteria are computed,
consent and judgement are enforced, and everything is audited without names."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases.actions import open_case, record_event
from ccrhub.highrisk.models import Referral
from ccrhub.highrisk.tests.conftest import DAY, dash, last_event_id, new_events, refer, survivor_of

pytestmark = pytest.mark.django_db


def test_the_referral_page_is_prefilled_from_the_assessment(personas: Any, client_as: Any):
    survivor = survivor_of(personas)
    assessment = dash(personas, survivor)
    url = reverse("highrisk:referral-create") + f"?assessment={assessment.public_id}"
    page = client_as(personas.advocate).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Visible high risk." in body
    assert "Maria Lopez 1990-04-12" in body  # the pair's victim identifier, not re-typed
    assert "Sister, evenings" in body


def test_referring_from_the_assessment_carries_its_outcome(personas: Any, client_as: Any):
    assessment = dash(personas, survivor_of(personas))
    url = reverse("highrisk:referral-create") + f"?assessment={assessment.public_id}"
    response = client_as(personas.advocate).post(
        url,
        {
            "collaborative": personas.marac.public_id,
            "referred_on": "2026-03-03",
            "victim_ref": "Maria Lopez 1990-04-12",
            "perpetrator_ref": "Dan Lopez 1988-01-30",
            "victim_knows": "on",
            "consented": "on",
            "children_count": "2",
            "children_under_18": "on",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.visible_high_risk and referral.dash_score == 15
    assert referral.survivor == assessment.survivor and referral.assessment == assessment
    assert referral.referring_agency == personas.vsp
    assert referral.victim_name == "Maria Lopez"


def test_another_agencys_assessment_is_not_found(personas: Any, client_as: Any):
    assessment = dash(personas, survivor_of(personas))
    url = reverse("highrisk:referral-create") + f"?assessment={assessment.public_id}"
    assert client_as(personas.police_officer).get(url).status_code == 404


def test_the_referral_is_audited_with_flags_only(personas: Any):
    since = last_event_id()
    referral = refer(personas)
    (event,) = new_events(since)
    assert event.action == "highrisk.referred"
    assert event.object_id in {str(referral.public_id), str(referral.pk)}
    assert "Maria" not in str(event.details) and "Lopez" not in str(event.details)
    assert event.details["criteria"] == ["professional_judgement"]


def test_professional_judgement_needs_reasons(personas: Any):
    with pytest.raises(ValidationError):
        refer(personas, judgement_reasons=" ")


def test_sharing_without_consent_needs_its_justification(personas: Any):
    with pytest.raises(ValidationError):
        refer(personas, consented=False)
    referral = refer(personas, consented=False, without_consent_justification="Risk to life.")
    assert referral.without_consent_justification == "Risk to life."


def test_a_referral_needs_a_criterion(personas: Any):
    with pytest.raises(ValidationError):
        refer(personas, professional_judgement=False, judgement_reasons="")


def test_potential_escalation_counts_police_incidents_from_tracking(personas: Any):
    case = open_case(
        personas.ccr,
        external_ref="RB-1",
        offender_ref="P-77",
        opened_on=datetime.date(2025, 6, 1),
        actor=personas.police_officer,
    )
    for day in (
        datetime.date(2025, 1, 5),
        datetime.date(2025, 6, 1),
        datetime.date(2025, 11, 3),
        datetime.date(2026, 2, 20),
    ):
        record_event(case, stage="incident", occurred_on=day, actor=personas.police_officer)
    referral = refer(personas, professional_judgement=False, judgement_reasons="", linked_case=case)
    assert referral.police_incidents_12m == 3  # the January 2025 one is over 12 months old
    assert referral.potential_escalation


def test_the_outsider_cannot_refer(personas: Any, client_as: Any):
    assert client_as(personas.outsider).get(reverse("highrisk:referral-create")).status_code == 403
    with pytest.raises(PermissionDenied):
        _outsider_refers(personas)


def _outsider_refers(personas: Any) -> None:
    from ccrhub.highrisk.actions import refer_to_conference

    refer_to_conference(
        personas.marac,
        actor=personas.outsider,
        victim_ref="a",
        perpetrator_ref="b",
        referred_on=DAY,
        professional_judgement=True,
        judgement_reasons="x",
        consented=True,
    )


def test_a_restricted_referral_is_a_404_to_the_restricted_person(personas: Any, client_as: Any):
    referral = refer(personas)
    restrict(referral, actor=personas.coordinator, user=personas.police_officer)
    url = reverse("highrisk:referral-detail", args=[referral.public_id])
    assert client_as(personas.police_officer).get(url).status_code == 404
    assert client_as(personas.prosecutor).get(url).status_code == 200
    listing = client_as(personas.police_officer).get(reverse("highrisk:referral-list"))
    assert str(referral.public_id) not in listing.content.decode()


def test_names_are_for_the_referring_agency(personas: Any, client_as: Any):
    referral = refer(personas, victim_name="Maria Lopez", perpetrator_name="Dan Lopez")
    url = reverse("highrisk:referral-detail", args=[referral.public_id])
    assert "Dan Lopez" in client_as(personas.advocate).get(url).content.decode()
    assert "Dan Lopez" not in client_as(personas.prosecutor).get(url).content.decode()


def test_marac_to_marac_transfer_carries_the_pair(personas: Any):
    from ccrhub.highrisk.actions import transfer_referral
    from ccrhub.partners.models import Collaborative

    other = Collaborative.objects.create(name="Lakeside MARAC", kind="marac", area="Lakeside")
    referral = refer(personas)
    incoming = transfer_referral(
        referral, to_collaborative=other, referred_on=DAY, actor=personas.coordinator
    )
    referral.refresh_from_db()
    assert referral.status == "transferred_out"
    assert incoming.transferred_from == referral and incoming.pair_key == referral.pair_key
    assert incoming.collaborative == other


def test_the_coordinator_transfers_a_referral_from_its_page(personas: Any, client_as: Any):
    from ccrhub.partners.models import Collaborative

    other = Collaborative.objects.create(name="Lakeside MARAC", kind="marac", area="Lakeside")
    referral = refer(personas)
    detail = reverse("highrisk:referral-detail", args=[referral.public_id])
    transfer = reverse("highrisk:referral-transfer", args=[referral.public_id])
    coordinator = client_as(personas.coordinator)
    assert transfer in coordinator.get(detail).content.decode()
    assert client_as(personas.police_officer).get(transfer).status_code == 403

    response = coordinator.post(
        transfer, {"to_collaborative": str(other.public_id), "referred_on": "2026-03-20"}
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "transferred_out"
    assert Referral.objects.get(transferred_from=referral).collaborative == other
    # Once transferred, it is not offered again.
    assert transfer not in coordinator.get(detail).content.decode()
