"""A release names an active agency as recipient, whichever door records it: the page
offers only active agencies, and the API answers the same because the action checks it."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ccrhub.survivors.models import Release
from ccrhub.survivors.tests.conftest import make_survivor, release
from ccrhub.survivors.tests.test_api import body

pytestmark = pytest.mark.django_db


def test_the_advocate_cannot_release_a_record_to_a_closed_agency(personas: Any) -> None:
    survivor = make_survivor(personas)
    personas.police.is_active = False
    personas.police.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as refused:
        release(personas, survivor, to=personas.police)
    assert "recipient_agency" in refused.value.message_dict
    assert not Release.objects.exists()


def test_the_api_refuses_a_closed_recipient_like_the_page(personas: Any, api_as: Any) -> None:
    survivor = make_survivor(personas)
    personas.police.is_active = False
    personas.police.save(update_fields=["is_active"])
    response = api_as(personas.advocate).post(
        "/api/v1/survivors/releases/", body(personas, survivor), format="json"
    )
    assert response.status_code == 400
    assert "recipient_agency" in response.json()["errors"]
    assert not Release.objects.exists()
