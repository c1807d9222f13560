"""/api/v1/imports/: agency systems upload files and follow their jobs (API.md)."""

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccrhub.cases import imports
from ccrhub.cases.models import Event, ImportJob

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="text/csv")


def post(api, personas, name: str, **fields):
    body = {"collaborative": str(personas.ccr.public_id), "file": file(name), **fields}
    return api.post("/api/v1/imports/", body, format="multipart")


def test_the_records_system_posts_the_canonical_file_and_gets_the_job(personas, api_as):
    response = post(
        api_as(personas.police_officer), personas, "canonical_events.csv", kind="events"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "completed"
    assert (body["rows_total"], body["rows_imported"], body["errors"]) == (4, 4, [])
    uuid.UUID(body["id"])
    assert Event.objects.count() == 4


def test_a_broken_file_answers_422_problem_with_errors_by_row_and_column(personas, api_as):
    response = post(api_as(personas.police_officer), personas, "broken_events.csv", kind="events")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == "failed" and body["rows_imported"] == 0
    assert {"row": 3, "column": "stage", "message": "Not a stage of the stage model."} in body[
        "errors"
    ]
    assert b"arested" not in response.content and b"nowhere-pd" not in response.content
    assert Event.objects.count() == 0


def test_kind_or_mapping_exactly_one(personas, api_as):
    api = api_as(personas.police_officer)
    assert post(api, personas, "canonical_events.csv").status_code == 400
    both = post(api, personas, "canonical_events.csv", kind="events", mapping=str(uuid.uuid4()))
    assert both.status_code == 400
    assert ImportJob.objects.count() == 0


def test_a_mapping_of_another_agency_is_not_found(personas, api_as):
    mapping = imports.save_mapping(
        collaborative=personas.ccr,
        agency=personas.prosecutor_office,
        name="CMS",
        columns={"case_ref": "A", "offender_ref": "B", "stage": "C", "occurred_on": "D"},
        values={},
        actor=personas.prosecutor,
    )
    response = post(
        api_as(personas.police_officer),
        personas,
        "canonical_events.csv",
        mapping=str(mapping.public_id),
    )
    assert response.status_code == 404


def test_outsiders_and_analysts_cannot_import_or_see_jobs(personas, api_as):
    post(api_as(personas.police_officer), personas, "canonical_events.csv", kind="events")
    job = ImportJob.objects.get()
    outsider = api_as(personas.outsider)
    assert post(outsider, personas, "canonical_events.csv", kind="events").status_code == 404
    assert outsider.get(f"/api/v1/imports/{job.public_id}").status_code == 404
    assert outsider.get("/api/v1/imports/").json()["results"] == []
    analyst = api_as(personas.analyst)
    assert post(analyst, personas, "canonical_events.csv", kind="events").status_code == 403
    assert analyst.get("/api/v1/imports/").status_code == 403
    # A read-only token cannot import either.
    read_only = api_as(personas.police_officer, read_only=True)
    assert post(read_only, personas, "canonical_events.csv", kind="events").status_code == 403
    assert Event.objects.count() == 4


def test_the_importer_lists_and_reads_their_jobs(personas, api_as):
    api = api_as(personas.police_officer)
    created = post(api, personas, "canonical_events.csv", kind="events").json()
    listed = api.get("/api/v1/imports/").json()
    assert [job["id"] for job in listed["results"]] == [created["id"]] and listed["next"] is None
    detail = api.get(f"/api/v1/imports/{created['id']}")
    assert detail.status_code == 200 and detail.json()["rows_imported"] == 4
    assert api_as(personas.prosecutor).get(f"/api/v1/imports/{created['id']}").status_code == 404


def test_with_a_queue_the_job_is_accepted_and_pending(personas, api_as, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = post(
        api_as(personas.police_officer), personas, "canonical_events.csv", kind="events"
    )
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert Event.objects.count() == 0
