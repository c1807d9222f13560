"""Reading one row's cells: ids, text, numbers, dates, times, addresses; the report."""

import datetime
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models

from ccrhub.directory.hsds import DERIVED, DISABILITY_ACCESS
from ccrhub.directory.hsds_read import Row
from ccrhub.directory.models import (
    ICAL_DAYS,
    LANGUAGES,
    PhoneType,
    ServiceStatus,
)

# Language names and three-letter codes of the languages the directory records.
LANGUAGE_CODES: dict[str, str] = {
    **{code: code for code in LANGUAGES},
    **{name.lower(): code for code, name in LANGUAGES.items()},
    "english": "en",
    "eng": "en",
    "spanish": "es",
    "spa": "es",
    "arabic": "ar",
    "ara": "ar",
    "ase": "asl",
    "sign language": "asl",
    "french": "fr",
    "fra": "fr",
    "fre": "fr",
    "hmong": "hmn",
    "somali": "so",
    "som": "so",
    "vietnamese": "vi",
    "vie": "vi",
    "chinese": "zh",
    "zho": "zh",
    "chi": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
}
PHONE_TYPES = {
    "voice": PhoneType.VOICE,
    "cell": PhoneType.VOICE,
    "mobile": PhoneType.VOICE,
    "hotline": PhoneType.VOICE,
    "text": PhoneType.TEXT,
    "sms": PhoneType.TEXT,
    "textphone": PhoneType.TEXTPHONE,
    "tty": PhoneType.TEXTPHONE,
    "video": PhoneType.VIDEO,
}
STATUSES = {s.value: s.value for s in ServiceStatus} | {
    "temporarily_closed": ServiceStatus.TEMPORARILY_CLOSED.value,
    "closed": ServiceStatus.INACTIVE.value,
}
WEEKDAYS = {
    **{code: i for i, code in enumerate(ICAL_DAYS)},
    **{str(i + 1): i for i in range(7)},
    **{
        name: i
        for i, names in enumerate(
            (
                ("monday", "mon"),
                ("tuesday", "tue", "tues"),
                ("wednesday", "wed"),
                ("thursday", "thu", "thur", "thurs"),
                ("friday", "fri"),
                ("saturday", "sat"),
                ("sunday", "sun"),
            )
        )
        for name in names
    },
}
COUNTRIES = {"usa": "US", "united states": "US", "united states of america": "US"}
IMPORTED_TAXONOMY = "Imported terms"
_url = URLValidator()


def key(table: str, raw: Any) -> uuid.UUID | None:
    """The row's UUID: its HSDS id, or one derived from an older, non-UUID id."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid5(DERIVED, f"hsds:{table}:{text}")


def max_length_of(model: type[models.Model], name: str) -> int | None:
    return getattr(model._meta.get_field(name), "max_length", None)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def tables(self) -> list[str]:
        return sorted(set(self.created) | set(self.updated) | set(self.unchanged))

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }


class Cells:
    """One row's cells, parsed; each problem is an error naming the row and column."""

    def __init__(self, row: Row, report: Report) -> None:
        self.row = row
        self.report = report
        self.bad = False

    def error(self, column: str, message: str) -> None:
        self.bad = True
        where = f"{self.row.where()}, {column}" if column else self.row.where()
        self.report.errors.append(f"{where}: {message}")

    def warn(self, column: str, message: str) -> None:
        self.report.warnings.append(f"{self.row.where()}, {column}: {message}")

    def raw(self, column: str) -> str:
        value = self.row.data.get(column)
        if value is None or isinstance(value, (dict, list)):
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value).strip()

    def text(self, column: str, *, limit: int | None = None, required: bool = False) -> str:
        value = self.raw(column)
        if required and not value:
            self.error(column, "required, but empty.")
        if limit is not None and len(value) > limit:
            self.error(column, f"longer than {limit} characters.")
        return value

    def model_text(
        self, model: type[models.Model], column: str, *, required: bool = False, name: str = ""
    ) -> str:
        return self.text(column, limit=max_length_of(model, name or column), required=required)

    def number(self, column: str) -> float | None:
        value = self.raw(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(column, "not a number.")
            return None
        if not math.isfinite(number):
            self.error(column, "not a number.")
            return None
        return number

    def whole(self, column: str, *, ceiling: int = 32767) -> int | None:
        number = self.number(column)
        if number is None:
            return None
        if number != int(number) or not 0 <= number <= ceiling:
            self.error(column, f"not a whole number from 0 to {ceiling}.")
            return None
        return int(number)

    def date(self, column: str) -> datetime.date | None:
        value = self.raw(column)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.error(column, "not a date (YYYY-MM-DD).")
            return None

    def url(self, column: str, *, limit: int = 200) -> str:
        value = self.text(column, limit=limit)
        if value and "://" not in value and " " not in value and "." in value:
            value = "https://" + value
        if value:
            try:
                _url(value)
            except ValidationError:
                self.error(column, "not a web address.")
        return value

    def email(self, column: str) -> str:
        value = self.text(column, limit=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(column, "not an e-mail address.")
        return value

    def id(self, table: str) -> uuid.UUID | None:
        ident = key(table, self.raw("id"))
        if ident is None:
            self.error("id", "required, but empty.")
        return ident

    def ref(self, column: str, table: str) -> uuid.UUID | None:
        return key(table, self.raw(column))


def parse_time(value: str) -> datetime.time | None:
    """ "09:00", "09:00:00", "09:00Z", "09:00-05:00", "9:00 AM" (the offset is dropped:
    the directory keeps local opening hours)."""
    text = value.strip().upper()
    text = re.sub(r"(Z|[+-]\d{2}:?\d{2})$", "", text).strip()
    for pattern in ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"):
        try:
            return datetime.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None


def split_disability(text: str) -> tuple[str, str]:
    """The directory publishes disability access after the eligibility; read it back."""
    before, marker, after = text.rpartition(DISABILITY_ACCESS)
    if not marker:
        return text, ""
    return before.strip(), after.strip()


def parse_weekday(text: str) -> int | None:
    """ "MO", "Monday", "mon" or 1 (Monday) to 7."""
    value = text.strip()
    return WEEKDAYS.get(value.upper()) if len(value) == 2 else WEEKDAYS.get(value.lower())
