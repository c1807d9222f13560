"""CSV and XLSX cells a spreadsheet will not run as formulas (S23)."""

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "|", "%", "\t", "\r")
# What may hide a formula's first character: spaces, control characters, a byte-order
# mark, no-break and zero-width spaces. Tab and CR are formula starts themselves.
_IGNORED_LEAD = "".join(chr(c) for c in range(33) if chr(c) not in "\t\r") + "\ufeff\u00a0\u200b"


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
