"""Idempotency-Key on API writes (API.md): a retry gets the first answer, never a twin."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccrhub.cases.models import Case, ImportJob

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "cases" / "tests" / "data"


def new_case(api, personas, ref: str = "RPD-9", **headers):
    body = {
        "collaborative": str(personas.ccr.public_id),
        "external_ref": ref,
        "offender_ref": "P-9",
        "opened_on": "2026-03-02",
    }
    return api.post("/api/v1/cases/", body, format="json", **headers)


def test_a_retried_create_answers_the_same_and_makes_one_case(personas, api_as):
    api = api_as(personas.police_officer)

    first = new_case(api, personas, HTTP_IDEMPOTENCY_KEY="create-rpd-9")
    again = new_case(api, personas, HTTP_IDEMPOTENCY_KEY="create-rpd-9")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(external_ref="RPD-9").count() == 1


def test_the_same_key_for_another_request_is_a_conflict(personas, api_as):
    api = api_as(personas.police_officer)
    new_case(api, personas, "RPD-9", HTTP_IDEMPOTENCY_KEY="k1")

    other = new_case(api, personas, "RPD-10", HTTP_IDEMPOTENCY_KEY="k1")

    assert other.status_code == 409
    assert other["Content-Type"] == "application/problem+json"
    assert not Case.objects.filter(external_ref="RPD-10").exists()


def test_keys_belong_to_the_credential_that_sent_them(personas, api_as):
    new_case(api_as(personas.police_officer), personas, "RPD-9", HTTP_IDEMPOTENCY_KEY="k1")

    theirs = new_case(api_as(personas.coordinator), personas, "RPD-11", HTTP_IDEMPOTENCY_KEY="k1")

    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs


def test_without_a_key_every_request_counts(personas, api_as):
    api = api_as(personas.police_officer)
    assert new_case(api, personas, "RPD-9").status_code == 201
    assert new_case(api, personas, "RPD-9").status_code in (400, 409, 422)


def test_a_retried_upload_is_one_import_though_its_multipart_boundary_differs(
    personas, api_as, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    api = api_as(personas.police_officer)

    def upload(boundary: str):
        from django.test.client import encode_multipart

        body = encode_multipart(
            boundary,
            {
                "collaborative": str(personas.ccr.public_id),
                "kind": "events",
                "file": SimpleUploadedFile(
                    "events.csv", (DATA / "canonical_events.csv").read_bytes(), "text/csv"
                ),
            },
        )
        return api.generic(
            "POST",
            "/api/v1/imports/",
            body,
            content_type=f"multipart/form-data; boundary={boundary}",
            HTTP_IDEMPOTENCY_KEY="nightly-2026-03-02",
        )

    first, again = upload("AaB03x"), upload("QzX81p")

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert ImportJob.objects.count() == 1
