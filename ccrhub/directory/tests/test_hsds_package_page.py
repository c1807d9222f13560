"""The coordinator's HSDS page: upload a package, download the directory; audited."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccrhub.audit.models import AuditEvent
from ccrhub.directory.models import Organization, Service

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "data" / "hsds_examples" / "csv"


def example_zip(**replace: bytes) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in EXAMPLES.iterdir():
            archive.writestr(path.name, replace.get(path.name, path.read_bytes()))
    return SimpleUploadedFile("hsds.zip", buffer.getvalue(), content_type="application/zip")


def test_the_coordinator_imports_the_official_examples(client_as, personas) -> None:
    client = client_as(personas.coordinator)
    assert client.get("/directory/package/").status_code == 200

    response = client.post(
        "/directory/package/",
        {"collaborative": personas.ccr.public_id, "file": example_zip()},
    )

    assert response.status_code == 200
    assert "Package imported." in response.content.decode()
    assert Service.objects.get(name="Community Counselling").organization.collaborative == (
        personas.ccr
    )
    event = AuditEvent.objects.get(action="directory.package_imported")
    assert event.actor == personas.coordinator and event.outcome == "success"


def test_a_broken_package_is_refused_with_its_rows_listed(client_as, personas) -> None:
    services = (
        (EXAMPLES / "services.csv")
        .read_bytes()
        .replace(
            b"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", b"00000000-0000-4000-8000-000000000000", 1
        )
    )

    response = client_as(personas.coordinator).post(
        "/directory/package/",
        {
            "collaborative": personas.ccr.public_id,
            "file": example_zip(**{"services.csv": services}),
        },
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "services.csv row 2, organization_id: matches no organization" in html
    assert not Organization.objects.exists()


def test_a_check_only_import_saves_nothing(client_as, personas) -> None:
    response = client_as(personas.coordinator).post(
        "/directory/package/",
        {"collaborative": personas.ccr.public_id, "file": example_zip(), "dry_run": "on"},
    )

    assert "Nothing was saved (check only)" in response.content.decode()
    assert not Service.objects.exists()


def test_a_coordinator_cannot_import_into_another_collaborative(client_as, personas) -> None:
    response = client_as(personas.outsider).post(
        "/directory/package/",
        {"collaborative": personas.ccr.public_id, "file": example_zip()},
    )

    assert response.status_code == 200
    assert "collaborative" in response.context["form"].errors
    assert not Service.objects.exists()


def test_the_export_downloads_a_package_and_is_audited(client_as, personas, directory) -> None:
    response = client_as(personas.coordinator).get(
        "/directory/package/export/", {"collaborative": personas.ccr.public_id}
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"datapackage.json", "services.csv", "services.json"} <= set(names)
    event = AuditEvent.objects.get(action="directory.package_exported")
    assert event.actor == personas.coordinator
    assert event.details["collaboratives"] == [personas.ccr.pk]


def test_staff_without_the_coordinator_role_may_not(client_as, personas) -> None:
    client = client_as(personas.advocate)
    assert client.get("/directory/package/").status_code == 403
    assert client.get("/directory/package/export/").status_code == 403


def test_the_package_names_its_records_in_the_audit_and_runs_no_formula(
    client_as, personas, directory
) -> None:
    service = Service.objects.published().filter(organization__collaborative=personas.ccr).first()
    Service.objects.filter(pk=service.pk).update(name="=HYPERLINK(1)")
    response = client_as(personas.coordinator).get(
        "/directory/package/export/", {"collaborative": personas.ccr.public_id}
    )
    services = zipfile.ZipFile(io.BytesIO(response.content)).read("services.csv").decode()
    assert ",'=HYPERLINK(1)," in services and ",=HYPERLINK" not in services
    event = AuditEvent.objects.get(action="directory.package_exported")
    assert str(service.public_id) in event.details["row_ids"]
    assert event.details["rows"] == len(event.details["row_ids"]) > 0
    assert "HYPERLINK" not in str(event.details)


def test_no_package_leaves_when_its_audit_fails(client_as, personas, directory, audit_refused):
    with audit_refused():
        client_as(personas.coordinator).get("/directory/package/export/")
