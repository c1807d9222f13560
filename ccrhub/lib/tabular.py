"""Every CSV and XLSX file the product hands out is written here (S23).

One door, so every file gets the same four things:

- formula-safe cells: text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` …,
  also after spaces, control characters or a byte-order mark) gets a leading quote;
- a purpose, said by the person (a stored export) or by the code (a fixed download);
- an audit event, in the caller's transaction, with the ids of the rows the file holds
  — public ids, keyed hashes or the names of aggregate rows, never personal data;
- an expiry, for files kept to be downloaded later (`expires_at`).

The audit trail lives in an app, which `lib` does not import: `ccrhub.audit` answers
the `record_export` hook at start-up.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from ccrhub.lib.hooks import Hook, declare

FORMULA_START = ("=", "+", "-", "@", "|", "%", "\t", "\r")
# What may hide a formula's first character: spaces, control characters, a byte-order
# mark, no-break and zero-width spaces. Tab and CR are formula starts themselves.
_IGNORED_LEAD = "".join(chr(c) for c in range(33) if chr(c) not in "\t\r") + "\ufeff\u00a0\u200b"

CSV = "csv"
XLSX = "xlsx"
ZIP = "zip"  # several tables in one package (the HSDS data package)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ZIP: "application/zip",
}

# (actor, action, target, reason, details) -> None: writes the audit event in the
# caller's transaction. Answered by `ccrhub.audit`.
record_export: Hook[Callable[..., Any]] = declare(
    "lib.tabular.record_export", answered_by="ccrhub.audit"
)


def safe_cell(value: Any) -> Any:
    """Text that starts like a formula — also after a BOM, spaces or control characters —
    gets a leading single quote. Numbers and other values stay as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) or value.lstrip(_IGNORED_LEAD).startswith(FORMULA_START):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    return [[safe_cell(cell) for cell in row] for row in rows]


@dataclass(frozen=True)
class Table:
    """What a file holds: a header, its rows and, row by row, the id of what the row
    is about (a public id, a keyed hash, an aggregate's name) for the audit trail."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    row_ids: Sequence[str]


def to_csv(table: Table, *, excel_bom: bool = False) -> bytes:
    """Formula-safe CSV in UTF-8; with a byte-order mark when the file is meant for a
    spreadsheet that otherwise guesses the encoding wrong."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_rows([table.header, *table.rows]))
    return buffer.getvalue().encode("utf-8-sig" if excel_bom else "utf-8")


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.name.capitalize()[:31]
    for row in safe_rows([table.header, *table.rows]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(table: Table, *, format: str = CSV, excel_bom: bool = False) -> bytes:
    if format == XLSX:
        return to_xlsx(table)
    if format == CSV:
        return to_csv(table, excel_bom=excel_bom)
    raise ValueError(f"No writer for {format!r}.")


@transaction.atomic
def audit(
    tables: Sequence[Table],
    *,
    action: str,
    purpose: str,
    actor: Any,
    target: Any = None,
    format: str = CSV,
    details: dict[str, Any] | None = None,
) -> None:
    """The audit event of a file made of `tables`: its purpose, its format and the ids
    of its rows, in the caller's transaction (the file is not handed out if it fails)."""
    if not purpose.strip():
        raise ValueError("An export states its purpose.")
    row_ids = [str(row_id) for table in tables for row_id in table.row_ids]
    record_export.ask(
        actor=actor,
        action=action,
        target=target,
        reason=purpose.strip()[:300],
        details={
            **(details or {}),
            "format": format,
            "rows": len(row_ids),
            "row_ids": row_ids,
        },
    )


@transaction.atomic
def export(
    table: Table,
    *,
    action: str,
    purpose: str,
    actor: Any,
    target: Any = None,
    format: str = CSV,
    excel_bom: bool = False,
    details: dict[str, Any] | None = None,
) -> bytes:
    """The file of one table, audited in the caller's transaction."""
    content = write(table, format=format, excel_bom=excel_bom)
    audit(
        [table],
        action=action,
        purpose=purpose,
        actor=actor,
        target=target,
        format=format,
        details={"table": table.name, **(details or {})},
    )
    return content


def attachment(content: bytes, *, filename: str, format: str = CSV) -> HttpResponse:
    """A made file as a download the browser keeps out of its cache."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def expires_at() -> datetime.datetime:
    """Until when a stored file may be downloaded (`CCRHUB_EXPORT_HOURS`)."""
    return timezone.now() + datetime.timedelta(hours=settings.CCRHUB_EXPORT_HOURS)
