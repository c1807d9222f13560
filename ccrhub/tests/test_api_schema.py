"""The OpenAPI document: served to signed-in users only, valid, with our security schemes."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_for_signed_in_users_only(client, personas, api_as) -> None:
    assert client.get("/api/v1/schema/").status_code == 401
    response = api_as(personas.analyst).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200


def test_schema_is_valid_and_describes_bearer_tokens(tmp_path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "bearerToken" in text and "/api/v1/cases/" in text
