"""/api/v1/survivors/releases/: record, read and revoke releases; the shared view."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.survivors.tests.conftest import ADDRESS, make_survivor

pytestmark = pytest.mark.django_db


def body(personas: Any, survivor: Any, **overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "survivor": str(survivor.public_id),
        "recipient_agency": str(personas.police.public_id),
        "categories": ["address"],
        "purpose": "Safety planning",
        "signed_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "expires_at": (now + datetime.timedelta(days=30)).isoformat(),
        "told_not_condition_of_service": True,
        **overrides,
    }


def test_record_read_revoke_through_the_api(personas: Any, api_as: Any) -> None:
    survivor = make_survivor(personas)
    advocate, police = api_as(personas.advocate), api_as(personas.police_officer)
    created = advocate.post("/api/v1/survivors/releases/", body(personas, survivor), format="json")
    assert created.status_code == 201, created.content
    release_id = created.json()["id"]
    assert advocate.get(f"/api/v1/survivors/releases/{release_id}").json()["valid"] is True
    shared = police.get(f"/api/v1/survivors/shared/{survivor.public_id}")
    assert shared.json()["values"] == {"address": ADDRESS}
    revoked = advocate.post(f"/api/v1/survivors/releases/{release_id}/revoke")
    assert revoked.json()["valid"] is False
    assert police.get(f"/api/v1/survivors/shared/{survivor.public_id}").status_code == 404
    # The police never see the release itself either: no role of theirs works with
    # survivor records, so they are refused before any release is looked up.
    assert police.get(f"/api/v1/survivors/releases/{release_id}").status_code == 403


def test_expiry_is_required(personas: Any, api_as: Any) -> None:
    survivor = make_survivor(personas)
    data = body(personas, survivor)
    del data["expires_at"]
    response = api_as(personas.advocate).post("/api/v1/survivors/releases/", data, format="json")
    assert response.status_code == 400
    assert "expires_at" in response.json()["errors"]


def test_a_past_expiry_is_refused(personas: Any, api_as: Any) -> None:
    survivor = make_survivor(personas)
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = api_as(personas.advocate).post(
        "/api/v1/survivors/releases/", body(personas, survivor, expires_at=past), format="json"
    )
    assert response.status_code == 400
