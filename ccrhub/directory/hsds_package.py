"""The directory as an HSDS 3.0 data package: CSV tables, datapackage.json, services.json.

The tables are the flattened API records (`hsds`), built from the public queries, so
a package holds exactly what the public API shows: a confidential location, its
address, its coordinates and any service_at_location pointing to it are never in it.
Each table's columns, order and types come from the official HSDS 3.0
`datapackage.json` (copied in `schema/`, CC BY-SA 4.0, Open Referral), which is written
into the package with the resources actually present. The CSV tables are written by
`lib.tabular`: text starting like a formula ("+44 …") gets a leading quote, which
`hsds_import` removes again, and the export is audited with the ids of its records.

`services.json` holds the full service records in the API's shape.
"""

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from ccrhub.accounts.models import User
from ccrhub.directory import hsds, queries
from ccrhub.directory.models import Location, Organization, Service, TaxonomyTerm
from ccrhub.lib import tabular
from ccrhub.lib.tabular import Table

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# The tables the directory keeps, in the official package's order.
EXPORTED = (
    "organization",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "address",
    "schedule",
    "service_area",
    "language",
    "accessibility",
    "taxonomy_term",
    "cost_option",
    "taxonomy",
)


@cache
def official_datapackage() -> dict[str, Any]:
    text = (SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def resources() -> dict[str, dict[str, Any]]:
    """Resource name → the official resource (path, schema with fields)."""
    return {r["name"]: r for r in official_datapackage()["resources"]}


def columns(table: str) -> list[str]:
    return [f["name"] for f in resources()[table]["schema"]["fields"]]


@dataclass
class Export:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    services: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _scoped(queryset: QuerySet[Any], lookup: str, collaborative_ids: list[int] | None) -> Any:
    if collaborative_ids is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": collaborative_ids})


def build_export(*, collaborative_ids: list[int] | None = None) -> Export:
    """Every published entry (of the given collaboratives), as HSDS tables and records."""
    organizations: list[Organization] = list(
        _scoped(queries.hsds_organizations(), "collaborative_id", collaborative_ids)
    )
    locations: list[Location] = list(
        _scoped(
            queries.public_locations().select_related("organization").order_by("name", "id"),
            "organization__collaborative_id",
            collaborative_ids,
        )
    )
    services: list[Service] = list(
        _scoped(
            queries.public_services().order_by("name", "id"),
            "organization__collaborative_id",
            collaborative_ids,
        )
    )
    service_ids = {s.pk for s in services}
    location_ids = {loc.pk for loc in locations}
    at_locations = [
        sal
        for sal in queries.hsds_service_at_locations()
        if sal.service_id in service_ids and sal.location_id in location_ids
    ]
    export = Export(tables={name: [] for name in EXPORTED})
    tables = export.tables
    tables["organization"] = [hsds.organization_item(o) for o in organizations]
    for location in locations:
        full = hsds.location_full(location)
        tables["location"].append(hsds.location_item(location))
        tables["address"] += full["addresses"]
        tables["accessibility"] += full["accessibility"]
    for service in services:
        record = hsds.service_full(service)
        export.services.append(record)
        tables["service"].append({k: v for k, v in record.items() if k != "organization"})
        tables["phone"] += record["phones"]
        tables["schedule"] += record["schedules"]
        tables["service_area"] += record["service_areas"]
        tables["language"] += record["languages"]
        tables["cost_option"] += record["cost_options"]
        # The tabular attribute needs a taxonomy term: the needs a service meets.
        tables["attribute"] += [a for a in record["attributes"] if a.get("taxonomy_term_id")]
    tables["service_at_location"] = [
        {
            "id": str(sal.public_id),
            "service_id": str(sal.service.public_id),
            "location_id": str(sal.location.public_id),
            "description": sal.description,
        }
        for sal in at_locations
    ]
    terms: Iterable[TaxonomyTerm] = queries.hsds_taxonomy_terms()
    tables["taxonomy_term"] = [hsds.taxonomy_term(t) for t in terms]
    tables["taxonomy"] = [hsds.taxonomy(t) for t in queries.hsds_taxonomies()]
    return export


@transaction.atomic
def export_package(*, collaborative_ids: list[int] | None, actor: User | None) -> Export:
    """Build the package and record who exported what (the records' public ids and
    totals); `actor` None for an operator's command."""
    export = build_export(collaborative_ids=collaborative_ids)
    tabular.audit(
        list(tables_of(export)),
        action="directory.package_exported",
        purpose="HSDS data package of the published directory",
        actor=actor,
        format=tabular.ZIP,
        # Totals only: table names such as "phone" read as personal data to the audit.
        details={
            "collaboratives": sorted(collaborative_ids) if collaborative_ids is not None else "all",
            "services": len(export.services),
        },
    )
    return export


def _cell(value: Any) -> Any:
    """HSDS's CSV spelling of a value; numbers stay numbers ("-93.1" is a longitude,
    not a formula), text goes to `lib.tabular` to be made formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return ""
    return value


def table_of(name: str, rows: list[dict[str, Any]]) -> Table:
    names = columns(name)
    return Table(
        name=name,
        header=names,
        rows=[[_cell(row.get(column)) for column in names] for row in rows],
        row_ids=[str(row["id"]) for row in rows if row.get("id")],
    )


def tables_of(export: Export) -> Iterable[Table]:
    return (table_of(name, rows) for name, rows in export.tables.items())


def datapackage(tables: Iterable[str]) -> dict[str, Any]:
    """The official package description, listing the resources written."""
    official = official_datapackage()
    present = set(tables)
    return {
        **{k: v for k, v in official.items() if k != "resources"},
        "resources": [r for r in official["resources"] if r["name"] in present],
    }


def package_files(export: Export) -> dict[str, bytes]:
    """File name → contents of the whole package."""
    files = {resources()[table.name]["path"]: tabular.to_csv(table) for table in tables_of(export)}
    files["datapackage.json"] = json.dumps(datapackage(export.tables), indent=2).encode()
    files["services.json"] = json.dumps(export.services, indent=2, ensure_ascii=False).encode()
    return files


def write_directory(export: Export, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, contents in package_files(export).items():
        path = directory / name
        path.write_bytes(contents)
        written.append(path)
    return written


def zip_bytes(export: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, contents in package_files(export).items():
            archive.writestr(name, contents)
    return buffer.getvalue()
