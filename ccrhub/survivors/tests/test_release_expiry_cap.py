"""A release runs at most `CCRHUB_RELEASE_MAX_MONTHS` (12) months from the day it was
signed (S10: time-limited): the action refuses a later expiry, so the page and the API
answer alike, and an expiry is never filled in on the survivor's behalf."""

import datetime
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ccrhub.survivors.models import Release
from ccrhub.survivors.tests.conftest import release

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


def test_a_release_longer_than_twelve_months_from_signing_is_refused(
    personas: Any, survivor: Any
) -> None:
    signed = timezone.now() - datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        release(
            personas,
            survivor,
            signed_at=signed,
            expires_at=signed + datetime.timedelta(days=366),
        )
    (message,) = error.value.message_dict["expires_at"]
    assert "at most 12 months" in message
    assert not Release.objects.exists()
    # Twelve months to the minute is still within it.
    year_later = signed + relativedelta(months=12)
    given = release(personas, survivor, signed_at=signed, expires_at=year_later)
    assert given.expires_at == year_later


def test_the_cap_is_a_setting(personas: Any, survivor: Any, settings: Any) -> None:
    settings.CCRHUB_RELEASE_MAX_MONTHS = 3
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        release(personas, survivor, expires_at=now + datetime.timedelta(days=120))
    assert "at most 3 months" in error.value.message_dict["expires_at"][0]
    assert release(personas, survivor, expires_at=now + datetime.timedelta(days=60)).pk


def test_the_page_refuses_a_later_expiry_with_the_reason(
    personas: Any, client_as: Any, survivor: Any
) -> None:
    client = client_as(personas.advocate)
    client.post("/accounts/reauthenticate/", {"password": personas.password("advocate")})
    url = reverse("survivors:release-create", args=[survivor.public_id])
    form = client.get(url).content.decode()
    assert "at most 12 months after it was signed" in form
    now = timezone.localtime()
    answer = client.post(
        url,
        {
            "recipient_agency": str(personas.police.public_id),
            "categories": ["address"],
            "purpose": "Safety planning",
            "signed_at": (now - datetime.timedelta(hours=1)).strftime(LOCAL),
            "expires_at": (now + datetime.timedelta(days=800)).strftime(LOCAL),
            "told_not_condition_of_service": "on",
        },
    )
    assert answer.status_code == 200
    assert "A release can last at most 12 months" in answer.content.decode()
    assert not Release.objects.exists()


def test_the_api_refuses_a_later_expiry_and_one_left_out(
    personas: Any, api_as: Any, survivor: Any
) -> None:
    now = timezone.now()
    body = {
        "survivor": str(survivor.public_id),
        "recipient_agency": str(personas.police.public_id),
        "categories": ["address"],
        "purpose": "Safety planning",
        "signed_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "expires_at": (now + datetime.timedelta(days=400)).isoformat(),
        "told_not_condition_of_service": True,
    }
    client = api_as(personas.advocate)
    later = client.post("/api/v1/survivors/releases/", body, format="json")
    assert later.status_code == 400
    assert "at most 12 months" in later.json()["errors"]["expires_at"][0]
    del body["expires_at"]
    missing = client.post("/api/v1/survivors/releases/", body, format="json")
    assert missing.status_code == 400 and "expires_at" in missing.json()["errors"]
    assert not Release.objects.exists()
