"""`export_hsds DIR`: an HSDS 3.0 package that validates against the official schemas,
never holds the shelter's address, and imports back into the directory unchanged."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ccrhub.audit.models import AuditEvent
from ccrhub.directory.hsds_import import import_package
from ccrhub.directory.hsds_package import official_datapackage
from ccrhub.directory.hsds_read import read_package, read_path
from ccrhub.directory.models import Location, Service
from ccrhub.directory.tests.hsds_schema import validate

pytestmark = pytest.mark.django_db


def typed(value: str, kind: str) -> Any:
    """A CSV cell as the JSON value the tabular schema's type stands for."""
    if kind in {"number", "integer"}:
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return value == "true"
    return value[1:] if value.startswith("'") else value  # lib.tabular's quote


def read_rows(folder: Path, resource: dict[str, Any]) -> list[dict[str, Any]]:
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(types), resource["path"]
        return [{k: typed(v, types[k]) for k, v in row.items() if v != ""} for row in reader]


@pytest.fixture
def package(directory, tmp_path) -> Path:
    # Someone typed the shelter's street into its confidential location.
    Location.objects.filter(pk=directory["locations"]["shelter"].pk).update(
        address_1="12 Hidden Lane", city="Riverbend", postal_code="55000", latitude=45.1
    )
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "hsds"), stdout=out)
    assert "Wrote" in out.getvalue()
    return tmp_path / "hsds"


def test_every_csv_row_validates_against_its_table_schema(package) -> None:
    described = json.loads((package / "datapackage.json").read_text())
    official = {r["name"]: r for r in official_datapackage()["resources"]}
    names = [r["name"] for r in described["resources"]]
    assert {"organization", "service", "location", "phone", "schedule"} <= set(names)
    assert described["version"] == "3.0.0" and described["profile"] == "tabular-data-package"
    for resource in described["resources"]:
        assert resource == official[resource["name"]]
        assert (package / resource["path"]).exists()
        for row in read_rows(package, resource):
            validate(row, f"{resource['name']}.json")
    assert len(read_rows(package, official["service"])) == Service.objects.published().count()


def test_services_json_holds_valid_full_records(package) -> None:
    records = json.loads((package / "services.json").read_text())
    assert len(records) == Service.objects.published().count()
    for record in records:
        validate(record, "service.json")


def test_the_shelter_address_is_in_no_file_but_its_phone_is(package, directory) -> None:
    shelter = directory["services"]["shelter"]
    secret: Location = Location.objects.get(pk=directory["locations"]["shelter"].pk)
    assert secret.is_confidential and secret.address_1
    everything = "\n".join(p.read_text(encoding="utf-8") for p in package.iterdir())
    for value in (secret.address_1, str(secret.public_id), str(secret.address_id)):
        assert value not in everything
    assert str(shelter.public_id) in everything
    assert shelter.phones.first().number in everything
    phones = list(csv.DictReader((package / "phones.csv").open(encoding="utf-8")))
    assert any(row["service_id"] == str(shelter.public_id) for row in phones)


def test_the_export_is_audited_with_counts_only(package) -> None:
    event = AuditEvent.objects.get(action="directory.package_exported")
    assert event.actor is None and event.details["collaboratives"] == "all"
    assert event.details["services"] == Service.objects.published().count()


def test_one_collaborative_only(directory, personas, tmp_path) -> None:
    call_command(
        "export_hsds",
        str(tmp_path / "other"),
        "--collaborative",
        str(personas.neighbour_ccr.public_id),
        stdout=io.StringIO(),
    )
    assert json.loads((tmp_path / "other" / "services.json").read_text()) == []


def test_the_export_imports_back_unchanged(package, personas) -> None:
    report = import_package(
        read_package(read_path(package)), collaborative=personas.ccr, actor=personas.coordinator
    )

    assert report.errors == []
    assert sum(report.created.values()) == 0, report.created
    assert sum(report.updated.values()) == 0, report.updated
    assert report.unchanged["service"] == Service.objects.published().count()
