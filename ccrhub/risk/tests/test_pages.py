"""The assessment form: each item with answer, source and comment; the outcome shown."""

from typing import Any

import pytest
from django.urls import reverse

from ccrhub.risk.models import Assessment
from ccrhub.survivors.actions import create_survivor

pytestmark = pytest.mark.django_db


def form_data(yes_count: int, **extra: str) -> dict[str, str]:
    data = {"assessed_on": "2026-03-02", **extra}
    for number in range(1, 25):
        data[f"q{number}__answer"] = "yes" if number <= yes_count else "no"
        data[f"q{number}__source"] = "survivor"
    return data


def test_the_advocate_records_a_dash_raised_by_judgement(personas: Any, client_as: Any) -> None:
    survivor = create_survivor(personas.vsp, actor=personas.advocate)
    client = client_as(personas.advocate)
    url = f"{reverse('risk:assessment-create')}?instrument=dash&survivor={survivor.public_id}"
    page = client.get(url).content.decode()
    assert "Source of information" in page and "24." in page
    missing = client.post(url, form_data(13, judgement_raised="on"))
    assert missing.status_code == 200 and not Assessment.objects.exists()
    done = client.post(url, form_data(13, judgement_raised="on", judgement_reasons="Escalation"))
    assessment = Assessment.objects.get()
    assert done["Location"] == reverse("risk:assessment-detail", args=[assessment.public_id])
    detail = client.get(done["Location"]).content.decode()
    assert "by professional judgement" in detail and "13" in detail
    # The referral indicated, the page leads to the high-risk team, pre-filled from it.
    refer = f"{reverse('highrisk:referral-create')}?assessment={assessment.public_id}"
    assert refer in detail
    history = client.get(reverse("survivors:survivor-detail", args=[survivor.public_id]))
    assert "By professional judgement" in history.content.decode()


def test_instrument_page_lists_licences(personas: Any, client_as: Any) -> None:
    page = client_as(personas.police_officer).get(reverse("risk:instrument-list"))
    assert "SafeLives" in page.content.decode() or "MNADV" in page.content.decode()


def test_a_refused_assessment_form_creates_no_survivor_record(
    personas: Any, client_as: Any
) -> None:
    from ccrhub.survivors.models import Survivor

    survivors = Survivor.objects.count()
    response = client_as(personas.advocate).post(
        "/risk/new/?instrument=dash",
        {"assessed_on": "2026-03-02", "judgement_raised": "on", "judgement_reasons": ""},
    )
    assert response.status_code == 200
    assert Survivor.objects.count() == survivors
