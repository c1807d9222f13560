"""Reading an upload: CSV or XLSX records, cells as text, dates as written."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.cases import imports
from ccrhub.cases.models import ImportJob
from ccrhub.lib import archives


class FileProblem(Exception):
    """The file as a whole cannot be read: wrong type, too big, no header…"""


def _error(row: int | None, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


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
    csv.field_size_limit(imports.MAX_CELL_CHARS * 4)
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


def rows_of(job: ImportJob) -> Iterator[list[Any]]:
    if not job.upload:
        raise FileProblem(_("The uploaded file is no longer available."))
    with job.upload.open("rb") as stream:
        yield from read_rows(stream)


def count_rows(job: ImportJob) -> int:
    total = -1  # less the header
    for _row in rows_of(job):
        total += 1
        if total > imports.MAX_ROWS:
            raise FileProblem(_("The file has more than %(n)d rows.") % {"n": imports.MAX_ROWS})
    return max(total, 0)
