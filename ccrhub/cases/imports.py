"""Event imports: read a CSV or XLSX export, map it, validate every row, commit all or nothing.

The flow of one import (an `ImportJob`):

1. `create_job` stores the upload under a generated name (never the user's file name)
   with its SHA-256; the job is `pending`.
2. `preview` converts the first rows as they will be stored, for the importer to check.
3. `run_import` (run in the background by `ccrhub.cases.tasks`) counts the rows, then
   validates every row, writing progress (`rows_done`) as it goes. Progress writes are
   committed one by one, outside the data transaction; they touch only the job row.
4. If any row is wrong, nothing is stored: the job is `failed` with its errors as
   `{row, column, message}` — never the cell's value. Otherwise one transaction creates
   the missing cases, inserts new events, updates changed ones, marks the job
   `completed` and writes one audit event. A crash inside it rolls all of it back (S32).

Re-importing the same file changes nothing: an event is identified by case, stage,
track and date, and rows identical to what is stored are left alone.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import os
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases import stages as stage_model
from ccrhub.cases.access import is_coordinator, owns
from ccrhub.cases.actions import REFERENCE_UNAVAILABLE, offender_key, refuse_taken_reference
from ccrhub.cases.models import (
    Case,
    ColumnMapping,
    Event,
    ImportJob,
    ImportStatus,
    PrimaryAggressor,
    Sex,
)
from ccrhub.lib import archives
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.tabular import Table
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import active_roles, can
from ccrhub.partners.roles import role_can

logger = logging.getLogger(__name__)

# --- Limits (S21) -------------------------------------------------------------------

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
MAX_ERRORS_KEPT = 5_000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 2_000
BATCH = 2_000
IN_CHUNK = 900  # below SQLite's bound on query parameters

# --- The canonical codes ------------------------------------------------------------

# Stages and outcomes are those of the stage model (`ccrhub.cases.stages`), kept as data.


def stage_codes() -> frozenset[str]:
    return frozenset(stage.code for stage in stage_model.stages())


def outcome_codes() -> frozenset[str]:
    return frozenset(code for stage in stage_model.stages() for code in stage.outcome_codes)


REQUIRED_COLUMNS = ("case_ref", "offender_ref", "stage", "occurred_on", "agency", "outcome")
OPTIONAL_COLUMNS = ("charge_ref", "victim_ref", "offender_sex", "victim_sex", "primary_aggressor")
CANONICAL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Columns a mapping may name; "events" is the list of events one source row produces.
MAPPABLE_COLUMNS = frozenset(CANONICAL_COLUMNS)
EVENT_KEYS = frozenset({"stage", "stage_column", "date_column", "outcome_column", "case_level"})
VALUE_KEYS = ("stage", "outcome", "offender_sex", "victim_sex", "primary_aggressor")
MAX_EVENT_SPECS = 20
MAX_VALUE_CODES = 500
MAX_NAME_CHARS = 200

SEXES = frozenset(Sex.values)
AGGRESSORS = frozenset(PrimaryAggressor.values)
# Codes most exports use for sex, on top of any value mapping.
SEX_SYNONYMS = {"f": Sex.FEMALE, "m": Sex.MALE, "u": Sex.UNKNOWN, "x": Sex.OTHER}


class FileProblem(Exception):
    """The file as a whole cannot be read: wrong type, too big, no header…"""


def allowed_values(canonical: str) -> frozenset[str]:
    """What a value mapping may map codes of `canonical` onto (S21 allow-lists)."""
    return {
        "stage": stage_codes(),
        "outcome": outcome_codes(),
        "offender_sex": SEXES,
        "victim_sex": SEXES,
        "primary_aggressor": AGGRESSORS,
    }[canonical]


# --- Reading ------------------------------------------------------------------------


def sniff_kind(head: bytes) -> str:
    """ "xlsx" or "csv", by content (S24); anything else is refused."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise FileProblem(_("The file is neither CSV text nor an XLSX workbook."))
    return "csv"


def read_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    """The file's records, header first, as lists of cells (str, or dates/numbers in XLSX)."""
    head = stream.read(4096)
    stream.seek(0)
    if sniff_kind(head) == "xlsx":
        yield from _xlsx_rows(stream)
    else:
        yield from _csv_rows(stream)


def _csv_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    # utf-8-sig drops a byte-order mark if there is one.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError:
        raise FileProblem(_("The CSV file is not UTF-8 text (save it as “CSV UTF-8”).")) from None
    except csv.Error:
        raise FileProblem(_("The CSV file is malformed or a cell is too long.")) from None
    finally:
        text.detach()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    import openpyxl

    check_workbook(stream)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(_("The XLSX workbook cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except (zipfile.BadZipFile, OSError):
        # A part that does not unpack as its directory entry says (a damaged or forged zip).
        raise FileProblem(_("The XLSX workbook cannot be read.")) from None
    finally:
        workbook.close()


def check_workbook(stream: IO[bytes]) -> None:
    """Refuse a workbook that would unpack beyond the archive limits, before parsing (S21)."""
    try:
        archives.check_stream(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(_("The XLSX workbook cannot be read.")) from None
    except archives.ArchiveRefused as refused:
        raise FileProblem(str(refused)) from None


def cell_text(value: Any) -> str:
    """A cell as trimmed text: XLSX numbers like 1234.0 read as "1234"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


# --- Dates --------------------------------------------------------------------------

ISO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?"
)
US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([AaPp][Mm]))?)?$"
)
EARLIEST = datetime.date(1950, 1, 1)


def parse_date(value: Any, today: datetime.date | None = None) -> datetime.date:
    """The calendar date of a cell; ValueError if it is not a date we can read.

    Accepted: `2019-02-06`, `2019-01-02 04:00:00` (also with `T`, seconds fractions or
    an offset), `4/15/2019`, `4/15/2019 12:00:00 AM`, and XLSX date cells. The date is
    the date written: a time of day is dropped. Records systems that store a local
    midnight as 04:00 or 05:00 UTC therefore keep their date (never the previous day).
    """
    if isinstance(value, datetime.datetime):
        return _in_range(value.date(), today)
    if isinstance(value, datetime.date):
        return _in_range(value, today)
    text = cell_text(value)
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        return _in_range(datetime.date(year, month, day), today)
    match = US_DATE.match(text)
    if match:
        month, day, year = (int(part) for part in match.groups()[:3])
        return _in_range(datetime.date(year, month, day), today)
    raise ValueError("not a date")


def _in_range(day: datetime.date, today: datetime.date | None) -> datetime.date:
    if day < EARLIEST or day > (today or timezone.localdate()):
        raise ValueError("out of range")
    return day


# --- Mappings -----------------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    """One event a source row produces: its stage (fixed or from a column), date, outcome."""

    stage: str
    stage_column: str
    date_column: str
    outcome_column: str
    case_level: bool = False  # once per case (e.g. the arrest), not once per charge


def check_mapping(columns: Any, values: Any) -> list[str]:
    """Problems with a mapping's structure (empty when it is sound), checked on save and use."""
    problems: list[str] = []
    if not isinstance(columns, dict) or not isinstance(values, dict):
        return [_("A mapping is two objects: columns and values.")]
    for key, source in columns.items():
        if key == "events":
            problems += _check_event_specs(source)
        elif key not in MAPPABLE_COLUMNS:
            problems.append(_("Unknown canonical column in the mapping."))
        elif not _is_name(source):
            problems.append(_("Each canonical column maps to one source column name."))
    for key in ("case_ref", "offender_ref"):
        if not columns.get(key):
            problems.append(
                _("The mapping must name the source column of %(column)s.") % {"column": key}
            )
    if not columns.get("events") and not (columns.get("stage") and columns.get("occurred_on")):
        problems.append(_("Map either stage and occurred_on, or a list of events."))
    for key, codes in values.items():
        if key not in VALUE_KEYS or not isinstance(codes, dict) or len(codes) > MAX_VALUE_CODES:
            problems.append(_("Unknown or oversized value mapping."))
            continue
        allowed = allowed_values(key)
        for code, target in codes.items():
            if not _is_name(code) or target not in allowed:
                problems.append(_("A value mapping names a code that is not allowed."))
                break
    return problems


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_NAME_CHARS


def _check_event_specs(specs: Any) -> list[str]:
    if not isinstance(specs, list) or not 0 < len(specs) <= MAX_EVENT_SPECS:
        return [_("Events are a list of at most %(n)d entries.") % {"n": MAX_EVENT_SPECS}]
    for spec in specs:
        if not isinstance(spec, dict) or set(spec) - EVENT_KEYS:
            return [_("An event entry has unknown keys.")]
        if not _is_name(spec.get("date_column")):
            return [_("Each event entry names its date column.")]
        if bool(spec.get("stage")) == bool(spec.get("stage_column")):
            return [_("Each event entry has either a fixed stage or a stage column.")]
        if spec.get("stage") and spec["stage"] not in stage_codes():
            return [_("An event entry names an unknown stage.")]
        for key in ("stage_column", "outcome_column"):
            if spec.get(key) and not _is_name(spec[key]):
                return [_("An event entry's columns are column names.")]
        if not isinstance(spec.get("case_level", False), bool):
            return [_("An event entry's case_level is true or false.")]
    return []


def canonical_mapping() -> tuple[dict[str, Any], dict[str, Any]]:
    """The canonical layout as a mapping: each canonical column maps onto itself."""
    return {name: name for name in CANONICAL_COLUMNS}, {}


def event_specs(columns: dict[str, Any]) -> list[EventSpec]:
    if columns.get("events"):
        return [
            EventSpec(
                stage=spec.get("stage", ""),
                stage_column=spec.get("stage_column", ""),
                date_column=spec["date_column"],
                outcome_column=spec.get("outcome_column", ""),
                case_level=spec.get("case_level", False),
            )
            for spec in columns["events"]
        ]
    return [
        EventSpec(
            stage="",
            stage_column=columns["stage"],
            date_column=columns["occurred_on"],
            outcome_column=columns.get("outcome", ""),
        )
    ]


# --- Who may import what ------------------------------------------------------------


def may_import(user: Any, collaborative_id: int) -> bool:
    return can(user, "cases.write", collaborative_id)


def acts_for_every_agency(user: Any, collaborative_id: int) -> bool:
    """A coordinator imports for any member agency; everyone else for their own only."""
    return is_coordinator(user, collaborative_id)


def import_collaboratives(user: Any) -> QuerySet[Collaborative]:
    ids = [cid for cid, role in active_roles(user).items() if role_can(role, "cases.write")]
    return Collaborative.objects.filter(pk__in=ids, is_active=True).order_by("name")


def require_import_role(user: Any) -> None:
    if not import_collaboratives(user).exists():
        raise PermissionDenied


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    """Jobs the user started, and every job of the collaboratives they coordinate."""
    roles = active_roles(user)
    writable = [cid for cid, role in roles.items() if role_can(role, "cases.write")]
    coordinated = [cid for cid, role in roles.items() if role_can(role, "collaborative.manage")]
    return (
        ImportJob.objects.filter(collaborative_id__in=writable)
        .filter(Q(created_by=user) | Q(collaborative_id__in=coordinated))
        .select_related("collaborative", "mapping", "created_by")
    )


def access_job(user: Any, public_id: object) -> ImportJob:
    active_roles(user)
    key = parse_public_id(public_id)
    job = visible_jobs(user).filter(public_id=key).first()
    if job is None:
        raise Http404
    return job


def usable_mappings(user: Any, collaborative_id: int | None = None) -> QuerySet[ColumnMapping]:
    """Mappings of the user's own agency, or every agency's where they coordinate."""
    roles = active_roles(user)
    writable = [cid for cid, role in roles.items() if role_can(role, "cases.write")]
    coordinated = [cid for cid, role in roles.items() if role_can(role, "collaborative.manage")]
    mappings = ColumnMapping.objects.filter(collaborative_id__in=writable).filter(
        Q(agency_id=getattr(user, "agency_id", None)) | Q(collaborative_id__in=coordinated)
    )
    if collaborative_id is not None:
        mappings = mappings.filter(collaborative_id=collaborative_id)
    return mappings.select_related("agency", "collaborative")


def access_mapping(user: Any, public_id: object) -> ColumnMapping:
    active_roles(user)
    key = parse_public_id(public_id)
    mapping = usable_mappings(user).filter(public_id=key).first()
    if mapping is None:
        raise Http404
    return mapping


def member_agencies(collaborative_id: int) -> QuerySet[Agency]:
    member_ids = AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, is_active=True
    ).values("agency_id")
    return Agency.objects.filter(pk__in=member_ids, is_active=True).order_by("name")


def mapping_agencies(user: Any, collaborative_id: int) -> QuerySet[Agency]:
    """Agencies the user may save a mapping for in the collaborative."""
    agencies = member_agencies(collaborative_id)
    if acts_for_every_agency(user, collaborative_id):
        return agencies
    own: int | None = getattr(user, "agency_id", None)
    return agencies.filter(pk=own) if own is not None else agencies.none()


# --- Actions on mappings and jobs ---------------------------------------------------


@transaction.atomic
def save_mapping(
    *,
    collaborative: Collaborative,
    agency: Agency,
    name: str,
    columns: dict[str, Any],
    values: dict[str, Any],
    actor: User,
    mapping: ColumnMapping | None = None,
) -> ColumnMapping:
    """Create or replace a saved mapping; its structure is checked first (S21)."""
    if not mapping_agencies(actor, collaborative.pk).filter(pk=agency.pk).exists():
        raise PermissionDenied
    if check_mapping(columns, values):
        raise ValueError("invalid mapping")
    if mapping is None:
        mapping = ColumnMapping(collaborative=collaborative, created_by=actor)
    mapping.agency = agency
    mapping.name = name
    mapping.columns = columns
    mapping.values = values
    mapping.save()
    record(
        actor=actor,
        action="cases.mapping_saved",
        target=mapping,
        details={"agency_id": str(agency.public_id)},
    )
    return mapping


def create_job(
    *,
    collaborative: Collaborative,
    upload: File[Any] | IO[bytes],
    actor: User,
    mapping: ColumnMapping | None = None,
) -> ImportJob:
    """Store the upload (size and type checked) as a pending job. FileProblem if refused."""
    if not may_import(actor, collaborative.pk):
        raise PermissionDenied
    if mapping is not None and mapping.collaborative_id != collaborative.pk:
        raise Http404
    data = _read_limited(upload)
    kind = sniff_kind(data[:4096])
    if kind == "xlsx":
        check_workbook(io.BytesIO(data))
    job = ImportJob(collaborative=collaborative, created_by=actor, mapping=mapping, kind="events")
    job.sha256 = hashlib.sha256(data).hexdigest()
    try:
        # A generated name: the user's file name may itself carry personal data.
        job.upload.save(f"{uuid.uuid4()}.{kind}", ContentFile(data), save=False)
    except OSError:
        # A full disk, most often: nothing is kept, and the person is told plainly.
        logger.exception("An import upload could not be stored")
        if job.upload.name:
            job.upload.storage.delete(job.upload.name)
        raise FileProblem(
            _(
                "The file could not be stored on the server, so nothing was imported. "
                "Try again later; if it keeps happening, tell your administrator."
            )
        ) from None
    try:
        with transaction.atomic():
            job.save()
            record(
                actor=actor,
                action="cases.import_uploaded",
                target=job,
                details={"file_sha256": job.sha256, "size": len(data)},
            )
    except Exception:
        job.upload.delete(save=False)
        raise
    return job


def _read_limited(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise FileProblem(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileProblem(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    if not data:
        raise FileProblem(_("The file is empty."))
    return bytes(data)


def start_job(job: ImportJob) -> bool:
    """Hand a pending job to the background worker, once; False if it was already queued."""
    from ccrhub.cases.tasks import run_import_task

    queued = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.PENDING, queued_at__isnull=True
    ).update(queued_at=timezone.now())
    if not queued:
        return False
    job.queued_at = timezone.now()
    run_import_task.enqueue(str(job.public_id))
    return True


# --- Converting rows ----------------------------------------------------------------


@dataclass
class Layout:
    """A mapping resolved against a file's header: canonical name → column index."""

    index: dict[str, int]
    names: dict[str, str]  # canonical name → source column name, for error reports
    specs: list[tuple[EventSpec, int, int, int]]  # spec, stage index, date index, outcome index
    values: dict[str, dict[str, str]]
    default_agency_id: int | None
    wide: bool  # one row, several events: a blank date means "no such event"


@dataclass
class Draft:
    """One event as it will be stored, with its case's attributes."""

    row: int
    case_ref: str
    offender_ref: str
    stage: str
    occurred_on: datetime.date
    agency_id: int
    outcome: str
    track: str
    victim_ref: str
    offender_sex: str
    victim_sex: str
    primary_aggressor: str


@dataclass
class Context:
    """What a row is checked against: the collaborative's agencies and the importer."""

    collaborative_id: int
    agencies: dict[str, Agency]  # lower-cased public id or short code → agency
    allowed_agency_ids: frozenset[int]

    @classmethod
    def for_import(cls, collaborative_id: int, actor: Any) -> Context:
        agencies: dict[str, Agency] = {}
        for agency in member_agencies(collaborative_id):
            agencies[str(agency.public_id)] = agency
            agencies[agency.short_code.lower()] = agency
        if acts_for_every_agency(actor, collaborative_id):
            allowed = frozenset(a.pk for a in agencies.values())
        else:
            own: int | None = getattr(actor, "agency_id", None)
            allowed = frozenset() if own is None else frozenset({own})
        return cls(collaborative_id, agencies, allowed)


def resolve_layout(
    header: list[Any], mapping: ColumnMapping | None
) -> tuple[Layout | None, list[dict[str, Any]]]:
    """Match the mapping's source columns against the header; errors name missing columns."""
    names = [cell_text(cell) for cell in header]
    if len(names) > MAX_COLUMNS:
        return None, [
            _error(1, "", _("The file has more than %(n)d columns.") % {"n": MAX_COLUMNS})
        ]
    repeated = duplicate_column(names)
    if repeated is not None:
        return None, [_error(1, repeated, duplicate_message(repeated))]
    position = {name.lower(): i for i, name in enumerate(names) if name}
    if mapping is None:
        columns, values = canonical_mapping()
        errors = [
            _error(1, name, _("Required column missing."))
            for name in REQUIRED_COLUMNS
            if name not in position
        ]
        errors += [
            _error(1, name, _("Unknown column (see the canonical format)."))
            for name in names
            if name and name.lower() not in MAPPABLE_COLUMNS
        ]
        columns = {key: key for key in columns if key in position}
        default_agency_id = None
    else:
        columns, values = mapping.columns, mapping.values
        problems = check_mapping(columns, values)
        if problems:
            return None, [_error(1, "", problem) for problem in problems]
        errors = []
        default_agency_id = mapping.agency_id
    if errors:
        return None, errors
    index: dict[str, int] = {}
    source_names: dict[str, str] = {}
    needed = [(key, source) for key, source in columns.items() if key != "events"]
    specs = event_specs(columns)
    for spec in specs:
        needed += [("", spec.stage_column), ("", spec.date_column), ("", spec.outcome_column)]
    for key, source in needed:
        if source and source.lower() not in position:
            errors.append(_error(1, source, _("Column named by the mapping is missing.")))
        elif source and key:
            index[key] = position[source.lower()]
            source_names[key] = source
    if errors:
        return None, _unique(errors)
    resolved = [
        (
            spec,
            position.get(spec.stage_column.lower(), -1) if spec.stage_column else -1,
            position[spec.date_column.lower()],
            position.get(spec.outcome_column.lower(), -1) if spec.outcome_column else -1,
        )
        for spec in specs
    ]
    lowered = {
        key: {str(k).strip().lower(): v for k, v in codes.items()} for key, codes in values.items()
    }
    wide = bool(columns.get("events"))
    return Layout(index, source_names, resolved, lowered, default_agency_id, wide), []


def duplicate_column(names: list[str]) -> str | None:
    """The first column name the header repeats (trimmed, ignoring case), or None.

    With two columns of one name, which one a mapping reads would be a guess (S21).
    """
    seen: set[str] = set()
    for name in names:
        key = name.strip().lower()
        if key in seen:
            return name.strip()[:MAX_NAME_CHARS]
        if key:
            seen.add(key)
    return None


def duplicate_message(column: str) -> str:
    return _("The column “%(column)s” appears more than once in the header.") % {"column": column}


def _unique(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for error in errors:
        key = (error["row"], error["column"], error["message"])
        if key not in seen:
            seen.add(key)
            kept.append(error)
    return kept


def _error(row: int | None, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


class RowConverter:
    """Turns one source row into event drafts, or into errors by column (never values)."""

    def __init__(self, layout: Layout, context: Context) -> None:
        self.layout = layout
        self.context = context
        self.today = timezone.localdate()

    def column(self, key: str, fallback: str = "") -> str:
        return self.layout.names.get(key, fallback or key)

    def text(self, cells: list[Any], key: str) -> str:
        position = self.layout.index.get(key)
        if position is None or position >= len(cells):
            return ""
        return cell_text(cells[position])

    def convert(self, row: int, cells: list[Any]) -> tuple[list[Draft], list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []
        if all(cell_text(cell) == "" for cell in cells):
            return [], []  # a blank line
        if len(cells) > MAX_COLUMNS:
            return [], [_error(row, "", _("Too many cells in this row."))]
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in cells):
            return [], [_error(row, "", _("A cell in this row is too long."))]
        case_ref = self._reference(row, cells, "case_ref", errors, required=True)
        offender_ref = self._reference(row, cells, "offender_ref", errors, required=True)
        track = self._reference(row, cells, "charge_ref", errors, required=False)
        victim_ref = self._reference(row, cells, "victim_ref", errors, required=False)
        agency_id = self._agency(row, cells, errors)
        offender_sex = self._coded(row, cells, "offender_sex", SEXES, errors)
        victim_sex = self._coded(row, cells, "victim_sex", SEXES, errors)
        aggressor = self._coded(row, cells, "primary_aggressor", AGGRESSORS, errors)
        events = []
        for spec, stage_at, date_at, outcome_at in self.layout.specs:
            date_cell = cells[date_at] if date_at < len(cells) else None
            if self.layout.wide and cell_text(date_cell) == "":
                continue  # a wide export's row without this event (yet)
            stage = spec.stage or self._stage(row, cells, stage_at, spec, errors)
            occurred_on = self._date(row, date_cell, spec.date_column, errors)
            outcome = self._outcome(row, cells, outcome_at, spec, stage, errors)
            if stage and occurred_on and outcome is not None:
                events.append((stage, occurred_on, outcome, "" if spec.case_level else track))
        if errors or agency_id is None:
            return [], errors
        drafts = [
            Draft(
                row=row,
                case_ref=case_ref,
                offender_ref=offender_ref,
                stage=stage,
                occurred_on=occurred_on,
                agency_id=agency_id,
                outcome=outcome,
                track=event_track,
                victim_ref=victim_ref,
                offender_sex=offender_sex,
                victim_sex=victim_sex,
                primary_aggressor=aggressor,
            )
            for stage, occurred_on, outcome, event_track in events
        ]
        return drafts, []

    def _reference(
        self, row: int, cells: list[Any], key: str, errors: list[dict[str, Any]], *, required: bool
    ) -> str:
        value = self.text(cells, key)
        if required and not value:
            errors.append(_error(row, self.column(key), _("A value is required.")))
        elif len(value) > 64:
            errors.append(_error(row, self.column(key), _("Longer than 64 characters.")))
        return value

    def _agency(self, row: int, cells: list[Any], errors: list[dict[str, Any]]) -> int | None:
        value = self.text(cells, "agency").lower()
        if not value:
            if self.layout.default_agency_id is None:
                errors.append(_error(row, self.column("agency"), _("A value is required.")))
                return None
            agency_id = self.layout.default_agency_id
        else:
            agency = self.context.agencies.get(value)
            if agency is None:
                errors.append(
                    _error(
                        row,
                        self.column("agency"),
                        _("Unknown agency: not a member of this collaborative."),
                    )
                )
                return None
            agency_id = agency.pk
        if agency_id not in self.context.allowed_agency_ids:
            errors.append(
                _error(
                    row, self.column("agency"), _("You may import only your own agency's events.")
                )
            )
            return None
        return agency_id

    def _mapped(self, key: str, raw: str) -> str:
        codes = self.layout.values.get(key)
        if codes:
            found = codes.get(raw.lower())
            if found is not None:
                return found
        return raw.lower()

    def _coded(
        self,
        row: int,
        cells: list[Any],
        key: str,
        allowed: frozenset[str],
        errors: list[dict[str, Any]],
    ) -> str:
        raw = self.text(cells, key)
        if not raw:
            return ""
        value = self._mapped(key, raw)
        if key.endswith("_sex"):
            value = SEX_SYNONYMS.get(value, value)
        if value not in allowed:
            errors.append(_error(row, self.column(key), _("Not one of the allowed codes.")))
            return ""
        return value

    def _stage(
        self, row: int, cells: list[Any], at: int, spec: EventSpec, errors: list[dict[str, Any]]
    ) -> str:
        raw = cell_text(cells[at]) if 0 <= at < len(cells) else ""
        if not raw:
            errors.append(_error(row, spec.stage_column, _("A value is required.")))
            return ""
        stage = self._mapped("stage", raw)
        if not stage_model.is_stage(stage):
            errors.append(_error(row, spec.stage_column, _("Not a stage of the stage model.")))
            return ""
        return stage

    def _date(
        self, row: int, cell: Any, column: str, errors: list[dict[str, Any]]
    ) -> datetime.date | None:
        if cell_text(cell) == "":
            errors.append(_error(row, column, _("A date is required.")))
            return None
        try:
            return parse_date(cell, self.today)
        except ValueError:
            errors.append(
                _error(
                    row,
                    column,
                    _("Not a date from 1950 to today (YYYY-MM-DD or M/D/YYYY, time optional)."),
                )
            )
            return None

    def _outcome(
        self,
        row: int,
        cells: list[Any],
        at: int,
        spec: EventSpec,
        stage: str,
        errors: list[dict[str, Any]],
    ) -> str | None:
        raw = cell_text(cells[at]) if 0 <= at < len(cells) else ""
        if not raw:
            return ""
        outcome = self._mapped("outcome", raw)
        if not stage_model.is_valid_outcome(stage, outcome):
            errors.append(_error(row, spec.outcome_column, _("Not an outcome of this stage.")))
            return None
        return outcome


# --- Validating a whole file --------------------------------------------------------

Identity = tuple[str, str, str, datetime.date]
CASE_FIELDS = ("offender_ref", "victim_ref", "offender_sex", "victim_sex", "primary_aggressor")


@dataclass
class Plan:
    """Everything a valid file will store, keyed by identity (duplicates collapsed)."""

    events: dict[Identity, Draft] = field(default_factory=dict)
    cases: dict[str, Draft] = field(default_factory=dict)  # case_ref → first draft, merged
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    duplicates: int = 0

    def add_errors(self, errors: Iterable[dict[str, Any]]) -> None:
        for error in errors:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS_KEPT:
                self.errors.append(error)

    def add(self, draft: Draft) -> None:
        self._merge_case(draft)
        identity = (draft.case_ref, draft.stage, draft.track, draft.occurred_on)
        earlier = self.events.get(identity)
        if earlier is None:
            self.events[identity] = draft
        elif (earlier.outcome, earlier.agency_id) == (draft.outcome, draft.agency_id):
            self.duplicates += 1
        else:
            message = _("Contradicts row %(row)d (same case, stage, charge and date).")
            self.add_errors([_error(draft.row, "outcome", message % {"row": earlier.row})])

    def _merge_case(self, draft: Draft) -> None:
        case = self.cases.get(draft.case_ref)
        if case is None:
            self.cases[draft.case_ref] = Draft(**vars(draft))
            return
        case.occurred_on = min(case.occurred_on, draft.occurred_on)
        for name in CASE_FIELDS:
            mine, theirs = getattr(case, name), getattr(draft, name)
            if theirs and not mine:
                setattr(case, name, theirs)
            elif theirs and mine and theirs.lower() != mine.lower():
                message = _("Differs from row %(row)d for the same case.")
                self.add_errors([_error(draft.row, name, message % {"row": case.row})])


def rows_of(job: ImportJob) -> Iterator[list[Any]]:
    if not job.upload:
        raise FileProblem(_("The uploaded file is no longer available."))
    with job.upload.open("rb") as stream:
        yield from read_rows(stream)


def count_rows(job: ImportJob) -> int:
    total = -1  # less the header
    for _row in rows_of(job):
        total += 1
        if total > MAX_ROWS:
            raise FileProblem(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return max(total, 0)


def validate(job: ImportJob, actor: Any, *, limit: int | None = None, progress: Any = None) -> Plan:
    """Check every row (or the first `limit`), building the plan; `progress(n)` as it goes."""
    plan = Plan()
    records = rows_of(job)
    header = next(records, None)
    if header is None:
        plan.add_errors([_error(1, "", _("The file has no header row."))])
        return plan
    layout, errors = resolve_layout(header, job.mapping)
    if layout is None:
        plan.add_errors(errors)
        return plan
    converter = RowConverter(layout, Context.for_import(job.collaborative_id, actor))
    for number, cells in enumerate(records, start=2):
        if limit is not None and plan.rows >= limit:
            break
        plan.rows += 1
        if plan.rows > MAX_ROWS:
            plan.add_errors([_error(number, "", _("Too many rows."))])
            break
        drafts, row_errors = converter.convert(number, cells)
        plan.add_errors(row_errors)
        for draft in drafts:
            plan.add(draft)
        if progress is not None and plan.rows % PROGRESS_EVERY == 0:
            progress(plan.rows)
    if limit is None:
        _check_existing_cases(plan, job.collaborative_id, actor)
    return plan


def _check_existing_cases(plan: Plan, collaborative_id: int, actor: Any) -> None:
    """Rows naming a case restricted against the importer are refused (S22: own
    permissions) with the answer `open_case` gives to a taken reference, which says
    nothing of the case; each such case is a restricted denial (audited, alerting the
    coordinator, S6)."""
    refs = list(plan.cases)
    for start in range(0, len(refs), IN_CHUNK):
        chunk = refs[start : start + IN_CHUNK]
        cases = Case.objects.filter(collaborative_id=collaborative_id, external_ref__in=chunk)
        allowed = set(cases.not_restricted_against(actor).values_list("external_ref", flat=True))
        for case in cases.exclude(external_ref__in=allowed).order_by("external_ref"):
            refuse_taken_reference(case, actor=actor)
            message = str(REFERENCE_UNAVAILABLE)
            plan.add_errors([_error(plan.cases[case.external_ref].row, "case_ref", message)])
        _check_other_agencies_events(plan, collaborative_id, actor, allowed)


def _check_other_agencies_events(
    plan: Plan, collaborative_id: int, actor: Any, refs: set[str]
) -> None:
    """A row may not change another agency's event: only its staff or a coordinator may."""
    if not refs:
        return
    stored = Event.objects.filter(
        case__collaborative_id=collaborative_id, case__external_ref__in=refs
    ).values_list("case__external_ref", "stage", "track", "occurred_on", "outcome", "agency_id")
    for ref, stage, track, occurred_on, outcome, agency_id in stored:
        draft = plan.events.get((ref, stage, track, occurred_on))
        if draft is None or owns(actor, collaborative_id, agency_id):
            continue
        if draft.outcome and draft.outcome != outcome:
            message = _("This event was recorded by another agency; only it may change it.")
            plan.add_errors([_error(draft.row, "outcome", message)])


# --- Preview ------------------------------------------------------------------------


def preview(job: ImportJob, actor: Any) -> tuple[list[Draft], list[dict[str, Any]]]:
    """The first rows as they will be stored, and their errors; ([], [error]) if unreadable."""
    try:
        plan = validate(job, actor, limit=PREVIEW_ROWS)
    except FileProblem as problem:
        return [], [_error(None, "", str(problem))]
    drafts = sorted(plan.events.values(), key=lambda d: (d.row, d.stage))
    return drafts, plan.errors


# --- Running and committing ---------------------------------------------------------


def run_import(job_public_id: str) -> ImportJob:
    """The background job: count, validate with progress, then commit all or nothing."""
    job = ImportJob.objects.select_related("collaborative", "mapping", "created_by").get(
        public_id=job_public_id
    )
    # Claimed by one worker only, however often the job was queued.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), rows_done=0
    )
    if not claimed:
        return job
    job.refresh_from_db()
    actor = job.created_by
    try:
        if not may_import(actor, job.collaborative_id):
            raise FileProblem(_("You may no longer import into this collaborative."))
        _set(job, rows_total=count_rows(job))
        plan = validate(job, actor, progress=lambda n: _set(job, rows_done=n))
        _set(job, rows_done=job.rows_total)
        if plan.error_count:
            _fail(job, plan.errors, plan.error_count)
        else:
            commit(job, plan, actor)
    except FileProblem as problem:
        _fail(job, [_error(None, "", str(problem))], 1)
    except Exception:
        # Whatever broke, the data transaction has rolled back: nothing was stored.
        _fail(job, [_error(None, "", _("The import stopped unexpectedly; nothing was stored."))], 1)
        raise
    finally:
        _discard_upload(job)
    return job


def clear_stale_jobs(older_than: datetime.timedelta) -> int:
    """Fail jobs left "running" by a worker that died (killed, out of memory, a reboot).

    Their data transaction rolled back with the worker, so nothing was stored; saying so
    lets the person upload again instead of watching a bar that never moves.
    """
    cutoff = timezone.now() - older_than
    stale = ImportJob.objects.filter(status=ImportStatus.RUNNING, started_at__lt=cutoff)
    cleared = 0
    for job in stale.select_related("created_by"):
        message = _(
            "The import was interrupted before it finished; nothing was stored. "
            "Upload the file again."
        )
        _fail(job, [_error(None, "", message)], 1)
        _discard_upload(job)
        cleared += 1
    return cleared


def _set(job: ImportJob, **changes: Any) -> None:
    """Write progress or status on the job row alone, committed at once (outside the data)."""
    for name, value in changes.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**changes)


def _fail(job: ImportJob, errors: list[dict[str, Any]], count: int) -> None:
    if count > len(errors):
        more = count - len(errors)
        errors = [*errors, _error(None, "", _("%(n)d more errors not listed.") % {"n": more})]
    with transaction.atomic():
        _set(job, status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())
        record(
            actor=job.created_by,
            action="cases.import_failed",
            target=job,
            outcome="failure",
            details={"file_sha256": job.sha256, "errors": count},
        )


def _discard_upload(job: ImportJob) -> None:
    """The upload carries agency identifiers: keep it only while the job is pending."""
    if job.upload and job.status in (ImportStatus.COMPLETED, ImportStatus.FAILED):
        job.upload.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(upload="")


@transaction.atomic
def commit(job: ImportJob, plan: Plan, actor: Any) -> None:
    """Store the plan in one transaction: any exception leaves nothing behind (S32)."""
    case_ids, created_cases, updated_cases = _write_cases(job.collaborative_id, plan)
    created, updated, unchanged = _write_events(plan, case_ids, actor, job.collaborative_id)
    _set(
        job,
        status=ImportStatus.COMPLETED,
        rows_imported=len(plan.events),
        errors=[],
        finished_at=timezone.now(),
    )
    record(
        actor=actor,
        action="cases.import_committed",
        target=job,
        details={
            "file_sha256": job.sha256,
            "rows": plan.rows,
            "duplicates": plan.duplicates,
            "events_created": created,
            "events_updated": updated,
            "events_unchanged": unchanged,
            "cases_created": len(created_cases),
            "cases_updated": updated_cases,
            "created_case_ids": created_cases,
        },
    )


def _existing_cases(collaborative_id: int, refs: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for start in range(0, len(refs), IN_CHUNK):
        chunk = refs[start : start + IN_CHUNK]
        for case in Case.objects.filter(collaborative_id=collaborative_id, external_ref__in=chunk):
            found[case.external_ref] = case
    return found


def _case_ids(collaborative_id: int, refs: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(refs), IN_CHUNK):
        chunk = refs[start : start + IN_CHUNK]
        found.update(
            Case.objects.filter(
                collaborative_id=collaborative_id, external_ref__in=chunk
            ).values_list("external_ref", "pk")
        )
    return found


def _write_cases(collaborative_id: int, plan: Plan) -> tuple[dict[str, int], list[str], int]:
    """Create missing cases (open_case semantics), update attributes given in the file."""
    refs = list(plan.cases)
    existing = _existing_cases(collaborative_id, refs)
    codes = dict(Agency.objects.values_list("pk", "short_code"))
    new_cases = [
        {
            "public_id": new_public_id(),
            "collaborative_id": collaborative_id,
            "external_ref": ref,
            "lead_agency_id": draft.agency_id,
            "offender_key": offender_key(
                agency_code=codes[draft.agency_id], identifier=draft.offender_ref
            ),
            "opened_on": draft.occurred_on,
            "victim_ref": draft.victim_ref,
            "offender_sex": draft.offender_sex or Sex.UNKNOWN,
            "victim_sex": draft.victim_sex or Sex.UNKNOWN,
            "primary_aggressor": draft.primary_aggressor or PrimaryAggressor.UNDETERMINED,
        }
        for ref, draft in plan.cases.items()
        if ref not in existing
    ]
    insert_rows(Case, new_cases)
    changed = []
    for ref, case in existing.items():
        draft = plan.cases[ref]
        dirty = False
        for name in CASE_FIELDS[1:]:
            value = getattr(draft, name)
            if value and getattr(case, name) != value:
                setattr(case, name, value)
                dirty = True
        if dirty:
            case.version += 1
            changed.append(case)
    Case.objects.bulk_update(changed, [*CASE_FIELDS[1:], "version"], batch_size=BATCH)
    ids = _case_ids(collaborative_id, refs)
    return ids, [str(row["public_id"]) for row in new_cases], len(changed)


def _write_events(
    plan: Plan, case_ids: dict[str, int], actor: Any, collaborative_id: int
) -> tuple[int, int, int]:
    """Insert new events, update changed ones, leave identical ones alone."""
    stored: dict[tuple[int, str, str, datetime.date], tuple[int, str, int, int]] = {}
    ids = sorted(set(case_ids.values()))
    for start in range(0, len(ids), IN_CHUNK):
        rows = Event.objects.filter(case_id__in=ids[start : start + IN_CHUNK]).values_list(
            "case_id", "stage", "track", "occurred_on", "pk", "outcome", "agency_id", "version"
        )
        for case_id, stage, track, occurred_on, pk, outcome, agency_id, version in rows:
            stored[(case_id, stage, track, occurred_on)] = (pk, outcome, agency_id, version)
    new: list[dict[str, Any]] = []
    changed: list[Event] = []
    actor_id = getattr(actor, "pk", None)
    for draft in plan.events.values():
        case_id = case_ids[draft.case_ref]
        found = stored.get((case_id, draft.stage, draft.track, draft.occurred_on))
        if found is None:
            new.append(
                {
                    "public_id": new_public_id(),
                    "case_id": case_id,
                    "stage": draft.stage,
                    "occurred_on": draft.occurred_on,
                    "outcome": draft.outcome,
                    "agency_id": draft.agency_id,
                    "track": draft.track,
                    "source": "import",
                    "created_by_id": actor_id,
                }
            )
        else:
            # As record_event: a blank outcome keeps the recorded one, and an event
            # stays with the agency that recorded it unless the importer may change it.
            outcome = draft.outcome or found[1]
            agency_id = draft.agency_id if owns(actor, collaborative_id, found[2]) else found[2]
            if (outcome, agency_id) != (found[1], found[2]):
                changed.append(
                    Event(pk=found[0], outcome=outcome, agency_id=agency_id, version=found[3] + 1)
                )
    insert_rows(Event, new)
    Event.objects.bulk_update(changed, ["outcome", "agency", "version"], batch_size=BATCH)
    return len(new), len(changed), len(plan.events) - len(new) - len(changed)


def new_public_id() -> uuid.UUID:
    """A random (version 4) UUID from one read of the system's randomness."""
    return uuid.UUID(bytes=os.urandom(16), version=4)


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert new rows (attribute name → value; other fields take their defaults).

    COPY on PostgreSQL, for the import budget; bulk_create elsewhere. Both run in the
    caller's transaction, so a failure takes everything with it.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    fixed: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            fixed[f.attname] = now
        elif not callable(f.default) and f.attname not in rows[0]:
            fixed[f.attname] = f.get_db_prep_save(f.get_default(), connection)
    names = [f.attname for f in fields]
    # Fields with a callable default the rows do not give (a field added later, say).
    computed = {f.attname: f for f in fields if f.attname not in fixed and f.attname not in rows[0]}

    def value(row: dict[str, Any], name: str) -> Any:
        if name in row:
            return row[name]
        if name in fixed:
            return fixed[name]
        field = computed[name]
        return field.get_db_prep_save(field.get_default(), connection)

    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([value(row, name) for name in names])


# --- Error report -------------------------------------------------------------------


def error_report_table(job: ImportJob) -> Table:
    """The rows an import refused, for `lib.tabular`; each row's id is its line number."""
    errors = job.errors or []
    return Table(
        name="import-errors",
        header=["row", "column", "message"],
        rows=[[error.get(k) for k in ("row", "column", "message")] for error in errors],
        row_ids=[str(error.get("row")) for error in errors],
    )
