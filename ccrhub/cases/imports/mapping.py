"""Mappings: the canonical codes and columns, a saved mapping checked, resolved on a header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ccrhub.cases import imports
from ccrhub.cases import stages as stage_model
from ccrhub.cases.imports.reading import _error, cell_text
from ccrhub.cases.models import ColumnMapping, PrimaryAggressor, Sex

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


def allowed_values(canonical: str) -> frozenset[str]:
    """What a value mapping may map codes of `canonical` onto (S21 allow-lists)."""
    return {
        "stage": stage_codes(),
        "outcome": outcome_codes(),
        "offender_sex": SEXES,
        "victim_sex": SEXES,
        "primary_aggressor": AGGRESSORS,
    }[canonical]


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


@dataclass
class Layout:
    """A mapping resolved against a file's header: canonical name → column index."""

    index: dict[str, int]
    names: dict[str, str]  # canonical name → source column name, for error reports
    specs: list[tuple[EventSpec, int, int, int]]  # spec, stage index, date index, outcome index
    values: dict[str, dict[str, str]]
    default_agency_id: int | None
    wide: bool  # one row, several events: a blank date means "no such event"


def resolve_layout(
    header: list[Any], mapping: ColumnMapping | None
) -> tuple[Layout | None, list[dict[str, Any]]]:
    """Match the mapping's source columns against the header; errors name missing columns."""
    names = [cell_text(cell) for cell in header]
    if len(names) > imports.MAX_COLUMNS:
        return None, [
            _error(1, "", _("The file has more than %(n)d columns.") % {"n": imports.MAX_COLUMNS})
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
