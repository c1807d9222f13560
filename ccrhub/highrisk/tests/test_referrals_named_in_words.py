"""Referrals are named by when and by whom, not by a code, and never by the survivor."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import refer

pytestmark = pytest.mark.django_db


def test_the_coordinator_reads_the_referral_by_its_date_and_agency(
    personas: Any, client_as: Any
) -> None:
    referral = refer(personas)
    client = client_as(personas.coordinator)
    listing = client.get(reverse("highrisk:referral-list")).content.decode()
    detail = client.get(reverse("highrisk:referral-detail", args=[referral.public_id]))
    expected = f"Referral of March 2, 2026 by {personas.vsp.name}"
    for page in (listing, detail.content.decode()):
        assert expected in page
        # The short code is the id's first eight digits: it may stand in links, never as text.
        assert referral.reference not in page.replace(str(referral.public_id), "")
    assert "Maria" not in listing


def test_the_name_of_a_referral_is_spanish_on_spanish_pages(personas: Any) -> None:
    referral = refer(personas)
    with translation.override("es"):
        assert referral.label == f"Derivación del 2 de marzo de 2026 por {personas.vsp.name}"
