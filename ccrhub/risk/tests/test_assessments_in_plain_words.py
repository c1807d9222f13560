"""The advocate reads an assessment in words: the instrument's name, the band's label
and yes or no, never the codes the answers are stored as."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ccrhub.risk.actions import record_assessment
from ccrhub.survivors.actions import create_survivor

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(personas: Any) -> Any:
    survivor = create_survivor(personas.vsp, actor=personas.advocate)
    answers = {f"q{n}": "yes" for n in range(1, 15)} | {"q15": "no"}
    return record_assessment(
        survivor,
        "dash",
        answers,
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=datetime.date(2026, 3, 2),
    )


def test_the_risk_list_names_the_instrument_and_the_band(
    personas: Any, client_as: Any, assessment: Any
) -> None:
    page = client_as(personas.advocate).get(reverse("risk:assessment-list")).content.decode()
    assert "DASH risk identification checklist" in page
    assert "dash 2014" not in page
    assert assessment.band == "high" and ">high<" not in page
    assert assessment.band_label in page and assessment.band_label != "high"


def test_the_answers_read_yes_and_no(personas: Any, client_as: Any, assessment: Any) -> None:
    url = reverse("risk:assessment-detail", args=[assessment.public_id])
    page = client_as(personas.advocate).get(url).content.decode()
    assert ">Yes<" in page and ">No<" in page
    assert ">yes<" not in page and ">no<" not in page
    assert "DASH risk identification checklist" in page
