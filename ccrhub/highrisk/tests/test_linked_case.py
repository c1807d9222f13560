"""A referral's linked tracking case is found the same way through the page and the API,
among the cases the referrer may see: a case restricted against them is as absent as
a case that does not exist (S3, S6)."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case
from ccrhub.highrisk.models import Referral

pytestmark = pytest.mark.django_db

FORM = {
    "referred_on": "2026-03-02",
    "victim_ref": "Maria Lopez 1990-04-12",
    "perpetrator_ref": "Dan Lopez 1988-01-30",
    "professional_judgement": "on",
    "judgement_reasons": "Threats to kill.",
    "consented": "on",
    "children_count": "0",
}


@pytest.fixture
def hidden_case(personas: Any) -> Case:
    """A CCR case restricted against the police officer, who sits on the MARAC."""
    case = open_case(
        personas.ccr,
        external_ref="RB-HIDDEN",
        offender_ref="P-9",
        opened_on=datetime.date(2026, 1, 5),
        actor=personas.coordinator,
    )
    restrict(case, actor=personas.coordinator, user=personas.police_officer)
    return case


def _page_answer(personas: Any, client_as: Any, reference: str) -> str:
    data = {**FORM, "collaborative": personas.marac.public_id, "linked_case": reference}
    response = client_as(personas.police_officer).post(reverse("highrisk:referral-create"), data)
    assert response.status_code == 200  # the form again, with the error
    return response.context["form"].errors["linked_case"][0]


def test_the_page_answers_a_restricted_case_as_one_that_does_not_exist(
    personas: Any, client_as: Any, hidden_case: Case
) -> None:
    hidden = _page_answer(personas, client_as, "RB-HIDDEN")
    absent = _page_answer(personas, client_as, "RB-NOWHERE")
    assert hidden == absent
    assert not Referral.objects.exists()


def test_the_api_answers_a_restricted_case_as_one_that_does_not_exist(
    personas: Any, api_as: Any, hidden_case: Case
) -> None:
    api = api_as(personas.police_officer)
    body = {
        **FORM,
        "professional_judgement": True,
        "consented": True,
        "children_count": 0,
        "collaborative": str(personas.marac.public_id),
    }
    hidden = api.post(
        "/api/v1/highrisk/referrals/",
        {**body, "linked_case": str(hidden_case.public_id)},
        format="json",
    )
    absent = api.post(
        "/api/v1/highrisk/referrals/",
        {**body, "linked_case": "00000000-0000-4000-8000-000000000000"},
        format="json",
    )
    assert hidden.status_code == absent.status_code == 400
    assert hidden.json() == absent.json()
    assert not Referral.objects.exists()


def test_the_page_and_the_api_find_a_visible_case_alike(
    personas: Any, client_as: Any, api_as: Any
) -> None:
    case = open_case(
        personas.ccr,
        external_ref="RB-OPEN",
        offender_ref="P-10",
        opened_on=datetime.date(2026, 1, 5),
        actor=personas.coordinator,
    )
    data = {**FORM, "collaborative": personas.marac.public_id, "linked_case": "RB-OPEN"}
    page = client_as(personas.police_officer).post(reverse("highrisk:referral-create"), data)
    assert page.status_code == 302
    api = api_as(personas.police_officer).post(
        "/api/v1/highrisk/referrals/",
        {
            **FORM,
            "professional_judgement": True,
            "consented": True,
            "children_count": 0,
            "perpetrator_ref": "Someone Else 1970-01-01",
            "collaborative": str(personas.marac.public_id),
            "linked_case": str(case.public_id),
        },
        format="json",
    )
    assert api.status_code == 201, api.content
    assert list(Referral.objects.values_list("linked_case", flat=True)) == [case.pk, case.pk]
