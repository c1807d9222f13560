"""S10: a release is never given by the person who harms the survivor. The advocate
referred Maria to the high-risk team, naming Dan as the perpetrator; a release that Dan
"gives" on her behalf is refused on the page and through the API alike, and nothing is
recorded. Anyone else may give one."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.highrisk import actions as highrisk_actions
from ccrhub.survivors.models import Release, Survivor
from ccrhub.survivors.tests.conftest import make_survivor

pytestmark = pytest.mark.django_db

PERPETRATOR = "Dan Lopez 1988-01-30"
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def maria(personas: Any) -> Survivor:
    """Maria, referred to the high-risk team with Dan named as the perpetrator."""
    survivor = make_survivor(personas, name="Maria Lopez", date_of_birth="1990-04-12")
    highrisk_actions.refer_to_conference(
        personas.marac,
        actor=personas.advocate,
        survivor=survivor,
        victim_ref="Maria Lopez 1990-04-12",
        perpetrator_ref=PERPETRATOR,
        referred_on=datetime.date(2026, 3, 2),
        professional_judgement=True,
        judgement_reasons="Escalating threats after separation.",
        victim_knows=True,
        consented=True,
    )
    return survivor


@pytest.fixture
def advocate_page(personas: Any, client_as: Any) -> Any:
    client = client_as(personas.advocate)
    answer = client.post("/accounts/reauthenticate/", {"password": personas.password("advocate")})
    assert answer.status_code == 302
    return client


def api_body(personas: Any, survivor: Survivor, given_by: str) -> dict[str, Any]:
    now = timezone.now()
    return {
        "survivor": str(survivor.public_id),
        "recipient_agency": str(personas.police.public_id),
        "categories": ["address"],
        "purpose": "Safety planning",
        "signed_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "expires_at": (now + datetime.timedelta(days=30)).isoformat(),
        "told_not_condition_of_service": True,
        "given_by_party_ref": given_by,
    }


def page_body(personas: Any, given_by: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "recipient_agency": str(personas.police.public_id),
        "categories": ["address"],
        "purpose": "Safety planning",
        "signed_at": (now - datetime.timedelta(hours=1)).strftime(LOCAL),
        "expires_at": (now + datetime.timedelta(days=7)).strftime(LOCAL),
        "told_not_condition_of_service": "on",
        "given_by_party_ref": given_by,
    }


def test_the_api_refuses_a_release_given_by_the_perpetrator_of_a_linked_referral(
    personas: Any, api_as: Any, maria: Survivor
) -> None:
    advocate = api_as(personas.advocate)
    # Spelt differently from the referral: case and punctuation do not make another person.
    refused = advocate.post(
        "/api/v1/survivors/releases/",
        api_body(personas, maria, "dan lopez, 1988-01-30"),
        format="json",
    )
    assert refused.status_code == 400, refused.content
    assert "given_by_party_ref" in refused.json()["errors"]
    assert not Release.objects.exists()
    # Her mother may give it; Dan may for a survivor he is not the perpetrator for.
    mother = api_body(personas, maria, "Rosa Lopez 1962-07-01")
    assert advocate.post("/api/v1/survivors/releases/", mother, format="json").status_code == 201
    other = api_body(personas, make_survivor(personas, name="Ana Ruiz"), PERPETRATOR)
    assert advocate.post("/api/v1/survivors/releases/", other, format="json").status_code == 201


def test_the_page_refuses_a_release_given_by_the_perpetrator_of_a_linked_referral(
    personas: Any, advocate_page: Any, maria: Survivor
) -> None:
    url = reverse("survivors:release-create", args=[maria.public_id])
    refused = advocate_page.post(url, page_body(personas, PERPETRATOR))
    assert refused.status_code == 200
    assert "given_by_party_ref" in refused.context["form"].errors
    assert not Release.objects.exists()
    accepted = advocate_page.post(url, page_body(personas, "Rosa Lopez 1962-07-01"))
    assert accepted.status_code == 302
    assert Release.objects.count() == 1
