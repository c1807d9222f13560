"""The acceptance story of the security core, with tokens made by create_api_token."""

import datetime
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def token_for(email: str, *args: str) -> str:
    out = StringIO()
    call_command("create_api_token", "--email", email, *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_outsider_404s_are_byte_identical_for_hidden_and_random_ids(personas) -> None:
    outsider = client_with(token_for(personas.outsider.email))
    for path in ("collaboratives/{}", "collaboratives/{}/coverage", "agencies/{}"):
        hidden_id = (
            personas.police.public_id if path.startswith("agencies") else personas.ccr.public_id
        )
        hidden = outsider.get("/api/v1/" + path.format(hidden_id))
        random = outsider.get("/api/v1/" + path.format(uuid.uuid4()))
        assert hidden.status_code == random.status_code == 404
        assert hidden.content == random.content


def test_forged_token_gets_401(personas) -> None:
    real = token_for(personas.police_officer.email)
    forged = real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB")
    assert client_with(forged).get("/api/v1/me").status_code == 401
    assert client_with(real).get("/api/v1/me").status_code == 200


def test_expired_token_gets_401(personas) -> None:
    token = token_for(personas.police_officer.email, "--days", "1")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)):
        assert client_with(token).get("/api/v1/me").status_code == 401


def test_read_only_token_from_the_command_cannot_write(personas) -> None:
    token = token_for(personas.police_officer.email, "--read-only")
    response = client_with(token).post(
        "/api/v1/cases/",
        {
            "collaborative": str(personas.ccr.public_id),
            "external_ref": "RO-1",
            "offender_ref": "x",
            "opened_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 403
