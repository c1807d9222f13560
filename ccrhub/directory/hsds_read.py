"""Reading an HSDS data package into rows, whatever its age and shape.

A package is a folder, a zip, or a single JSON file. A CSV package gives one table per
file; JSON (full records, lists of them, or an API `Page`) is flattened into the same
tables, with the ids of the nested rows' parents filled in. Older (1.x/2.0) table and
column names are mapped to HSDS 3.0 ones here, so the importer sees 3.0 only:
`physical_address`/`postal_address` → `address`, `regular_schedule` → `schedule`,
`service_taxonomy` → `attribute`, `accessibility_for_disabilities` → `accessibility`,
`organization.url` → `website`, `language.language` → `name`, and so on.

Nothing here writes. A file that cannot be read is an error naming the file; every
row keeps its file and row number, so later errors can say where (never what).
"""

import csv
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ccrhub.lib import archives
from ccrhub.lib.tabular import FORMULA_START

# A package is read whole into memory: keep it to what a county's directory needs.
MAX_FILES = 100
MAX_BYTES = 50 * 1024 * 1024

# File names (without .csv) of every age → the HSDS 3.0 table, or an older table
# mapped below.
TABLE_FILES: dict[str, str] = {
    "organizations": "organization",
    "organization": "organization",
    "services": "service",
    "service": "service",
    "locations": "location",
    "location": "location",
    "service_at_location": "service_at_location",
    "service_at_locations": "service_at_location",
    "services_at_location": "service_at_location",
    "services_at_locations": "service_at_location",
    "phones": "phone",
    "phone": "phone",
    "addresses": "address",
    "address": "address",
    "physical_address": "physical_address",
    "physical_addresses": "physical_address",
    "postal_address": "postal_address",
    "postal_addresses": "postal_address",
    "schedules": "schedule",
    "schedule": "schedule",
    "regular_schedule": "schedule",
    "regular_schedules": "schedule",
    "holiday_schedule": "holiday_schedule",
    "holiday_schedules": "holiday_schedule",
    "languages": "language",
    "language": "language",
    "service_areas": "service_area",
    "service_area": "service_area",
    "accessibility": "accessibility",
    "accessibility_for_disabilities": "accessibility",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "taxonomy_term": "taxonomy_term",
    "attributes": "attribute",
    "attribute": "attribute",
    "service_taxonomy": "service_taxonomy",
    "service_taxonomies": "service_taxonomy",
    "eligibility": "eligibility",
    "eligibilities": "eligibility",
    "required_documents": "required_document",
    "required_document": "required_document",
    "cost_options": "cost_option",
    "cost_option": "cost_option",
}

# Older column names → HSDS 3.0, per table (used when the 3.0 column is empty).
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "organization": {"url": "website"},
    "service": {"fees": "fees_description", "eligibility": "eligibility_description"},
    "location": {"lat": "latitude", "lng": "longitude", "lon": "longitude"},
    "language": {"language": "name"},
    "service_area": {"service_area": "name"},
    "accessibility": {"accessibility": "description"},
    "taxonomy_term": {"vocabulary": "taxonomy"},
    "eligibility": {"eligibility": "description"},
    "attribute": {"taxonomy_id": "taxonomy_term_id", "service_id": "link_id"},
}


class PackageError(Exception):
    """The package cannot be read at all; the message is safe to show."""


@dataclass(frozen=True)
class Row:
    table: str
    source: str
    number: int
    data: dict[str, Any]
    # Within a JSON record: which nested list the row came from.
    path: str = ""

    def where(self) -> str:
        unit = "record" if self.source.endswith(".json") else "row"
        place = f"{self.source} {unit} {self.number}"
        return f"{place} ({self.path})" if self.path else place


@dataclass
class Tables:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # (file, what) → how many rows were not read, e.g. holiday closures.
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (table, id) of JSON records already flattened: full records repeat their parts.
    seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, row: Row) -> None:
        self.rows.setdefault(row.table, []).append(row)

    def of(self, table: str) -> list[Row]:
        return self.rows.get(table, [])


# Files ------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not (
        name.startswith(("/", "\\"))
        or ":" in name
        or any(part == ".." for part in path.parts)
        or "\x00" in name
    )


def read_zip(data: bytes) -> dict[str, bytes]:
    """CSV and JSON members by base name; a path leaving the archive refuses it whole."""
    within = archives.limits(max_bytes=MAX_BYTES)
    try:
        archive = archives.open_checked(data, within)
    except zipfile.BadZipFile as error:
        raise PackageError("The file is not a zip archive.") from error
    except archives.ArchiveRefused as error:
        raise PackageError(str(error)) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        unsafe = [m for m in members if not _safe_member(m.filename)]
        if unsafe:
            raise PackageError("The archive holds paths outside itself; nothing was read.")
        if len(members) > MAX_FILES:
            raise PackageError(f"The archive holds more than {MAX_FILES} files.")
        unpacker = archives.Unpacker(archive, within)
        files: dict[str, bytes] = {}
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/")).name.lower()
            if name.endswith((".csv", ".json")) and not name.startswith("."):
                try:
                    files[name] = unpacker.read(member)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
                    raise PackageError(f"{name}: cannot be unpacked.") from error
                except archives.ArchiveRefused as error:
                    raise PackageError(str(error)) from None
        return files


def read_path(path: Path) -> dict[str, bytes]:
    """A folder (its CSV and JSON files), a zip, or a single CSV or JSON file."""
    if path.is_dir():
        found = [p for p in path.iterdir() if p.suffix.lower() in {".csv", ".json"}]
        if not found:
            subfolders = [p for p in path.iterdir() if p.is_dir()]
            if len(subfolders) == 1:
                return read_path(subfolders[0])
        if len(found) > MAX_FILES or sum(p.stat().st_size for p in found) > MAX_BYTES:
            raise PackageError("The package is too large.")
        return {p.name.lower(): p.read_bytes() for p in found if p.is_file()}
    if not path.is_file():
        raise PackageError(f"{path} does not exist.")
    if path.stat().st_size > MAX_BYTES:
        raise PackageError("The package is too large.")
    data = path.read_bytes()
    if path.suffix.lower() == ".zip" or data[:4] == b"PK\x03\x04":
        return read_zip(data)
    return {path.name.lower(): data}


def read_upload(name: str, data: bytes) -> dict[str, bytes]:
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return read_zip(data)
    if name.lower().endswith((".json", ".csv")):
        return {PurePosixPath(name.replace("\\", "/")).name.lower(): data}
    raise PackageError("Upload a zip of the package, or one JSON file.")


def _text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PackageError(f"{name}: not readable as UTF-8 text.") from error


# CSV ----------------------------------------------------------------------------------


def _unquote(value: str) -> str:
    """Undo tabular's leading quote before a formula character."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _datapackage_paths(files: dict[str, bytes], tables: Tables) -> dict[str, str]:
    """File name → resource name, from datapackage.json when there is one."""
    raw = files.get("datapackage.json")
    if raw is None:
        return {}
    try:
        described = json.loads(_text("datapackage.json", raw))
        return {
            PurePosixPath(str(r["path"])).name.lower(): str(r["name"]).lower()
            for r in described.get("resources", [])
            if isinstance(r, dict) and isinstance(r.get("path"), str) and r.get("name")
        }
    except (json.JSONDecodeError, AttributeError, TypeError, PackageError):
        tables.errors.append("datapackage.json: not a readable package description.")
        return {}


def _table_of(file_name: str, header: list[str], described: dict[str, str]) -> str | None:
    stem = file_name.removesuffix(".csv")
    table = TABLE_FILES.get(described.get(file_name, "")) or TABLE_FILES.get(stem)
    if stem == "taxonomy" and table is None:
        # 1.x "taxonomy" held the terms; the 3.0 taxonomy table has a description.
        is_terms = {"vocabulary", "parent_name"} & set(header) or "description" not in header
        return "taxonomy_term" if is_terms else "taxonomy"
    return table


def _normalise(table: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An older table's row as its 3.0 table's row."""
    for old, new in COLUMN_ALIASES.get(table, {}).items():
        if data.get(old) not in (None, "") and data.get(new) in (None, ""):
            data[new] = data[old]
    if table in {"physical_address", "postal_address"}:
        data.setdefault("address_type", table.removesuffix("_address"))
        if not data.get("address_type"):
            data["address_type"] = table.removesuffix("_address")
        return "address", data
    if table == "service_taxonomy":
        for old, new in COLUMN_ALIASES["attribute"].items():
            if data.get(old) not in (None, "") and data.get(new) in (None, ""):
                data[new] = data[old]
        data["link_entity"] = "service"
        return "attribute", data
    return table, data


def read_csv_package(files: dict[str, bytes]) -> Tables:
    tables = Tables()
    described = _datapackage_paths(files, tables)
    for name in sorted(n for n in files if n.endswith(".csv")):
        try:
            reader = csv.reader(io.StringIO(_text(name, files[name]), newline=""))
            header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
            repeated = sorted({h for h in header if h and header.count(h) > 1})
            if repeated:
                # Which of two same-named columns is the real one would be a guess.
                tables.errors.append(f"{name}: the column {repeated[0]} appears more than once.")
                continue
            table = _table_of(name, header, described)
            if table is None:
                tables.skipped[(name, "a table the directory does not keep")] += 1
                continue
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header):
                    tables.errors.append(f"{name} row {number}: more cells than columns.")
                    continue
                data = {h: _unquote(c.strip()) for h, c in zip(header, cells, strict=False) if h}
                if table == "holiday_schedule":
                    tables.skipped[(name, "holiday closures")] += 1
                    continue
                kind, data = _normalise(table, data)
                tables.add(Row(kind, name, number, data))
        except csv.Error as error:
            line = getattr(error, "line_num", None) or "?"
            tables.errors.append(f"{name}: not readable as CSV (near line {line}).")
        except PackageError as error:
            tables.errors.append(str(error))
    return tables


# JSON ---------------------------------------------------------------------------------


class _Flattener:
    """Full HSDS records (service, organization, service_at_location) into table rows."""

    def __init__(self, tables: Tables, source: str) -> None:
        self.tables = tables
        self.source = source
        self.number = 0
        self.seen = tables.seen

    def emit(self, table: str, record: dict[str, Any], path: str, **parents: Any) -> bool:
        """Add the record's own fields as a row of `table`; False if already seen."""
        data = {k: v for k, v in record.items() if not isinstance(v, (dict, list))}
        for column, value in parents.items():
            if value is not None and data.get(column) in (None, ""):
                data[column] = value
        ident = str(data.get("id") or "")
        if ident and (table, ident) in self.seen:
            return False
        if ident:
            self.seen.add((table, ident))
        kind, data = _normalise(table, data)
        self.tables.add(Row(kind, self.source, self.number, data, path))
        return True

    def _items(self, record: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        items = record.get(key)
        if not isinstance(items, list):
            return []
        return [(f"{key} {i}", item) for i, item in enumerate(items, 1) if isinstance(item, dict)]

    def organization(self, record: dict[str, Any], path: str = "") -> None:
        org_id = record.get("id")
        self.emit("organization", record, path)
        for where, location in self._items(record, "locations"):
            self.location(location, where, organization_id=org_id)
        for where, service in self._items(record, "services"):
            self.service(service, where, organization_id=org_id)
        self._skip(record, ("phones", "contacts", "funding", "programs"), "organization details")

    def location(self, record: dict[str, Any], path: str, **parents: Any) -> None:
        if not self.emit("location", record, path, **parents):
            return
        loc_id = record.get("id")
        for key, table in (("addresses", "address"), ("accessibility", "accessibility")):
            for where, item in self._items(record, key):
                self.emit(table, item, f"{path}, {where}".strip(", "), location_id=loc_id)
        self._skip(record, ("phones", "schedules", "languages", "contacts"), "location details")

    def service(self, record: dict[str, Any], path: str = "", **parents: Any) -> None:
        service_id = record.get("id")
        organization = record.get("organization")
        if isinstance(organization, dict):
            self.emit("organization", organization, "organization")
            parents.setdefault("organization_id", organization.get("id"))
        if not self.emit("service", record, path, **parents):
            return
        for key, table in (
            ("phones", "phone"),
            ("schedules", "schedule"),
            ("service_areas", "service_area"),
            ("languages", "language"),
            ("cost_options", "cost_option"),
            ("required_documents", "required_document"),
        ):
            for where, item in self._items(record, key):
                self.emit(table, item, where, service_id=service_id)
        for where, attribute in self._items(record, "attributes"):
            self.attribute(attribute, where, link_id=service_id, link_entity="service")
        for where, sal in self._items(record, "service_at_locations"):
            self.service_at_location(sal, where, service_id=service_id)
        self._skip(record, ("contacts", "funding", "metadata"), "service details")

    def service_at_location(self, record: dict[str, Any], path: str = "", **parents: Any) -> None:
        location = record.get("location")
        service = record.get("service")
        if isinstance(location, dict):
            parents.setdefault("location_id", location.get("id"))
        if isinstance(service, dict):
            parents.setdefault("service_id", service.get("id"))
            self.service(service, "service")
        self.emit("service_at_location", record, path, **parents)
        if isinstance(location, dict):
            self.location(location, f"{path}, location".strip(", "))
        service_id = parents.get("service_id")
        for key, table in (("phones", "phone"), ("schedules", "schedule")):
            for where, item in self._items(record, key):
                self.emit(table, item, f"{path}, {where}".strip(", "), service_id=service_id)

    def attribute(self, record: dict[str, Any], path: str, **parents: Any) -> None:
        term = record.get("taxonomy_term")
        if isinstance(term, dict):
            parents["taxonomy_term_id"] = term.get("id")
            self.taxonomy_term(term, f"{path}, taxonomy_term")
        self.emit("attribute", record, path, **parents)

    def taxonomy_term(self, record: dict[str, Any], path: str = "") -> None:
        taxonomy = record.get("taxonomy_detail")
        parents = {}
        if isinstance(taxonomy, dict):
            parents["taxonomy_id"] = taxonomy.get("id")
            self.emit("taxonomy", taxonomy, f"{path}, taxonomy_detail".strip(", "))
        self.emit("taxonomy_term", record, path, **parents)

    def _skip(self, record: dict[str, Any], keys: tuple[str, ...], what: str) -> None:
        if any(record.get(k) for k in keys):
            self.tables.skipped[(self.source, what)] += 1

    def record(self, record: Any) -> None:
        self.number += 1
        if not isinstance(record, dict):
            self.tables.errors.append(f"{self.source} record {self.number}: not an object.")
        elif "service" in record and "location" in record:
            self.service_at_location(record)
        elif "status" in record or "organization" in record or "organization_id" in record:
            self.service(record)
        elif "services" in record or "locations" in record or "website" in record:
            self.organization(record)
        elif "taxonomy_id" in record or "taxonomy_detail" in record:
            self.taxonomy_term(record)
        else:
            self.tables.errors.append(
                f"{self.source} record {self.number}: not an HSDS service, organization "
                "or service_at_location."
            )


def read_json_package(files: dict[str, bytes]) -> Tables:
    tables = Tables()
    for name in sorted(n for n in files if n.endswith(".json") and n != "datapackage.json"):
        try:
            data = json.loads(_text(name, files[name]))
        except PackageError as error:
            tables.errors.append(str(error))
            continue
        except json.JSONDecodeError as error:
            tables.errors.append(f"{name}: not valid JSON (line {error.lineno}).")
            continue
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            records = data["contents"]
        elif isinstance(data, list):
            records = data
        else:
            records = [data]
        flattener = _Flattener(tables, name)
        for record in records:
            flattener.record(record)
    return tables


def read_package(files: dict[str, bytes]) -> Tables:
    """A CSV package if there is any CSV (its services.json is then a copy), else JSON."""
    if any(name.endswith(".csv") for name in files):
        return read_csv_package(files)
    if any(name.endswith(".json") and name != "datapackage.json" for name in files):
        return read_json_package(files)
    tables = Tables()
    tables.errors.append("The package holds no CSV or JSON file.")
    return tables
