"""SART protocol reviews: a checklist of the core members, adherence over time."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ccrhub.reviews import actions

pytestmark = pytest.mark.django_db


def test_checklist_asks_about_the_core_member_agencies(personas: Any, client_as: Any) -> None:
    review = actions.create_review(
        personas.sart,
        kind="sart",
        title="Response review",
        response_on=datetime.date(2026, 2, 10),
        actor=personas.coordinator,
    )
    agencies = {item.agency for item in review.checklist.all()}
    assert {
        personas.vsp,
        personas.police,
        personas.prosecutor_office,
        personas.hospital,
    } <= agencies
    assert personas.agency("university") not in agencies
    for item in review.checklist.all():
        actions.answer_check(
            item,
            contacted="yes",
            fulfilled="yes" if item.agency != personas.police else "no",
            actor=personas.coordinator,
        )
    response = client_as(personas.coordinator).get(reverse("reviews:sart-adherence"))
    rows = {row.agency: row for row in response.context["rows"]}
    assert response.context["periods"] == ["2026 Q1"]
    assert rows[personas.police.name].cells == ["0 / 1"]
    assert rows[personas.vsp.name].cells == ["1 / 1"]
