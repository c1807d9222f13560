"""The maintained aggregates: the funnel's and the measures' answers, kept up to date.

Every case with events contributes a few *cells* — (collaborative, day, kind, offender
sex, primary-aggressor determination, value) with a count `n` — computed from its
stored row (`CaseStageFirst`, `ccrhub.cases.stage_firsts`):

- `FUNNEL + i`: the case reached main-line stage i; value = whole days from the
  previous stage's first date (`MISSING` without it);
- `EXIT + n`: the case left the main line by exit n of `metrics.EXITS`;
- `MASK`: the facts the case rates read, as a bit mask of `metrics.CASE_FLAGS`;
- `INTERVAL + m`: days from start to end of case interval measure m (`MISSING`
  when the end is not there);
- `TREND + t`: the month (year × 12 + month − 1) of the first date at trend stage t;
- `RECIDIVISM`: days from the case's first incident to the offender's next one;
- `HORIZON`: the case's latest incident (the data's horizon is the latest of all).

`day` is the day of the case's first event (of its first incident for `RECIDIVISM`,
of its latest for `HORIZON`), so all-time figures are a sum over a collaborative and
a period's figures a sum over its days, corrected for the few cases whose events
straddle an end of the period (`ccrhub.cases.metrics.cells`).

The same database triggers that keep `CaseStageFirst` keep the cells, by difference:
for the cases a statement touched (and the other cases of the same offender, whose
next incident may move) they add the new contributions and subtract the old ones
(`aggregate_triggers`). Cells are append-only: a key may have several rows, readers
sum them, and `compact()` folds them. `rebuild()` (`manage.py rebuild_aggregates`)
recomputes rows and cells from the events; `stored_cells()` and `computed_cells()`
are the check.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from ccrhub.cases import stage_firsts
from ccrhub.cases.metrics.definitions import (
    CASE_DATES,
    CASE_FLAGS,
    MAIN_LINE,
    MEASURES,
    STORED_EXITS,
    TREND_STAGES,
    IntervalSpec,
)

CELLS = "cases_metriccell"
MISSING = -2147483647  # a value no whole number of days between two dates reaches

FUNNEL, EXIT, MASK, INTERVAL, TREND, RECIDIVISM, HORIZON = 100, 200, 300, 400, 500, 600, 700
# A row with n = 0 that every write of a collaborative's events, cases, orders,
# violations or responses adds: what `version` sees change (compaction drops them).
MARK = 0
CELL_COLUMNS = ("collaborative_id", "day", "kind", "offender_sex", "primary_aggressor", "value")


@dataclass(frozen=True)
class Kind:
    code: int
    day: str  # the column of the per-case row that dates the cell
    value: str  # SQL over the per-case row
    when: str  # SQL: the case contributes


def days_sql(start: str, end: str, vendor: str) -> str:
    """Whole days from column `start` to column `end` (NULL if either is NULL)."""
    if vendor == "postgresql":
        return f"({end} - {start})"
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def month_sql(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return (
            f"CAST(EXTRACT(YEAR FROM {column}) * 12 + EXTRACT(MONTH FROM {column}) - 1 AS INTEGER)"
        )
    year, month = f"substr({column}, 1, 4)", f"substr({column}, 6, 2)"
    return f"(CAST({year} AS INTEGER) * 12 + CAST({month} AS INTEGER) - 1)"


def _gap(start: str, end: str, vendor: str) -> str:
    return f"COALESCE({days_sql(start, end, vendor)}, {MISSING})"


def _mask() -> str:
    def fact(name: str) -> str:
        return f"{name} IS NOT NULL" if name in CASE_DATES or name == "bip_completion" else name

    return " + ".join(
        f"CASE WHEN {fact(name)} THEN {1 << bit} ELSE 0 END" for bit, name in enumerate(CASE_FLAGS)
    )


def case_intervals() -> list[tuple[int, IntervalSpec]]:
    """The case interval measures, with their index in MEASURES."""
    return [
        (index, spec)
        for index, spec in enumerate(MEASURES)
        if isinstance(spec, IntervalSpec) and spec.rows == "cases"
    ]


def funnel_kinds(vendor: str) -> list[Kind]:
    kinds = [Kind(FUNNEL, "first_event", str(MISSING), f"{MAIN_LINE[0]} IS NOT NULL")]
    for i, stage in enumerate(MAIN_LINE[1:], start=1):
        gap = _gap(MAIN_LINE[i - 1], stage, vendor)
        kinds.append(Kind(FUNNEL + i, "first_event", gap, f"{stage} IS NOT NULL"))
    kinds += [Kind(EXIT + n, "first_event", "0", flag) for n, flag in enumerate(STORED_EXITS)]
    return kinds


def measure_kinds(vendor: str) -> list[Kind]:
    kinds = [Kind(MASK, "first_event", _mask(), "1 = 1")]
    for index, spec in case_intervals():
        gap = _gap(spec.start, spec.end, vendor)
        kinds.append(Kind(INTERVAL + index, "first_event", gap, f"{spec.start} IS NOT NULL"))
    return kinds


def trend_kinds(vendor: str) -> list[Kind]:
    return [
        Kind(TREND + t, "first_event", month_sql(stage, vendor), f"{stage} IS NOT NULL")
        for t, stage in enumerate(TREND_STAGES)
    ]


def recidivism_kinds(vendor: str) -> list[Kind]:
    return [
        Kind(
            RECIDIVISM,
            "incident",
            _gap("incident", "next_incident", vendor),
            "incident IS NOT NULL",
        ),
        Kind(HORIZON, "last_incident", "0", "last_incident IS NOT NULL"),
    ]


def all_kinds(vendor: str) -> list[Kind]:
    return [
        *funnel_kinds(vendor),
        *measure_kinds(vendor),
        *trend_kinds(vendor),
        *recidivism_kinds(vendor),
    ]


def contribution_parts(
    source: str, kinds: Iterable[Kind], *, sign: int, where: str = ""
) -> list[str]:
    """SELECTs of (CELL_COLUMNS, n) per case of `source` (a table or CTE of per-case rows).

    Written from the code's own names only; `where` narrows the rows of `source`.
    """
    narrow = f" AND ({where})" if where else ""
    return [
        f"SELECT collaborative_id, {kind.day} AS day, {kind.code} AS kind, offender_sex, "  # noqa: S608
        f"primary_aggressor, {kind.value} AS value, {sign} AS n FROM {source} "
        f"WHERE ({kind.when}){narrow}"
        for kind in kinds
    ]


def summed(parts: list[str]) -> str:
    """The parts summed per cell, leaving out cells that sum to nothing."""
    columns = ", ".join(CELL_COLUMNS)
    return (
        f"SELECT {columns}, SUM(n) AS n FROM ({' UNION ALL '.join(parts)}) AS parts "  # noqa: S608
        f"GROUP BY {columns} HAVING SUM(n) <> 0"
    )


def insert_cells(select: str) -> str:
    columns = ", ".join(CELL_COLUMNS)
    return f"INSERT INTO {CELLS} ({columns}, n) {select}"


# --- Refresh, rebuild, compaction, checks ----------------------------------------------


def refresh_cases(case_ids: list[int]) -> None:
    """Recompute the stored rows and cells of these cases now (as the triggers do)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT cases_refresh_stage_firsts(%s::bigint[])", [case_ids])
            return
        marks = ", ".join(["%s"] * len(case_ids))
        where = f"case_id IN ({marks})"
        kinds = all_kinds(connection.vendor)
        columns = ", ".join(stage_firsts.COLUMNS)
        cursor.execute(
            insert_cells(
                summed(contribution_parts(stage_firsts.TABLE, kinds, sign=-1, where=where))
            ),
            case_ids,
        )
        cursor.execute(f"DELETE FROM {stage_firsts.TABLE} WHERE {where}", case_ids)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {stage_firsts.TABLE} ({columns}) {stage_firsts.aggregate_sql(where)}",
            case_ids,
        )
        cursor.execute(
            insert_cells(
                summed(contribution_parts(stage_firsts.TABLE, kinds, sign=1, where=where))
            ),
            case_ids,
        )


def rebuild() -> tuple[int, int]:
    """Recompute the stored rows and the cells from the events: (rows, cells)."""
    columns = ", ".join(stage_firsts.COLUMNS)
    kinds = all_kinds(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {stage_firsts.TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {stage_firsts.TABLE} ({columns}) {stage_firsts.aggregate_sql('1 = 1')}"
        )
        cursor.execute(f"DELETE FROM {CELLS}")  # noqa: S608
        cursor.execute(insert_cells(summed(contribution_parts(stage_firsts.TABLE, kinds, sign=1))))
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {stage_firsts.TABLE}), COUNT(*) FROM {CELLS}")  # noqa: S608
        rows, cells = cursor.fetchone()
        return int(rows), int(cells)


def compact() -> int:
    """Fold the cells to one row per key (readers sum them either way); returns the rows."""
    columns = ", ".join(CELL_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows this statement deletes are exactly those it sums: rows that
            # concurrent writers add meanwhile stay, unsummed and undeleted.
            # Marker keys stay (with n = 0), so `version` keeps moving forward.
            folded = (
                f"SELECT {columns}, SUM(n) FROM gone GROUP BY {columns} "  # noqa: S608
                f"HAVING SUM(n) <> 0 OR kind = {MARK}"
            )
            cursor.execute(
                f"WITH gone AS (DELETE FROM {CELLS} RETURNING {columns}, n) {insert_cells(folded)}"  # noqa: S608
            )
        else:  # one writer at a time
            cursor.execute(f"SELECT MAX(id) FROM {CELLS}")  # noqa: S608
            last = cursor.fetchone()[0] or 0
            cursor.execute(
                insert_cells(
                    f"SELECT {columns}, SUM(n) FROM {CELLS} WHERE id <= %s "  # noqa: S608
                    f"GROUP BY {columns} HAVING SUM(n) <> 0 OR kind = {MARK}"
                ),
                [last],
            )
            cursor.execute(f"DELETE FROM {CELLS} WHERE id <= %s", [last])  # noqa: S608
        cursor.execute(f"SELECT COUNT(*) FROM {CELLS}")  # noqa: S608
        return int(cursor.fetchone()[0])


def version(collaborative_id: int) -> tuple[int, int]:
    """Changes whenever anything the figures of the collaborative read has changed.

    Rows are only ever added (with growing ids) until `compact()` replaces them with
    fewer, newer ones, so (how many, the latest id) never comes back to a value it had:
    a writer committing late adds rows even when its ids are lower.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM {CELLS} WHERE collaborative_id = %s",  # noqa: S608
            [collaborative_id],
        )
        count, last = cursor.fetchone()
        return int(count), int(last)


Cell = tuple[object, ...]


def stored_cells() -> list[Cell]:
    """Every maintained cell with its summed count, in key order (for checks)."""
    columns = ", ".join(CELL_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, SUM(n) FROM {CELLS} GROUP BY {columns} "  # noqa: S608
            f"HAVING SUM(n) <> 0 ORDER BY {columns}"
        )
        return [_normalise(row) for row in cursor.fetchall()]


def computed_cells() -> list[Cell]:
    """Every cell as a from-scratch computation from the events gives it (for checks)."""
    columns = ", ".join(CELL_COLUMNS)
    parts = contribution_parts("fresh", all_kinds(connection.vendor), sign=1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH fresh AS ({stage_firsts.aggregate_sql('1 = 1')}) "  # noqa: S608
            f"SELECT * FROM ({summed(parts)}) AS cells ORDER BY {columns}"
        )
        return [_normalise(row) for row in cursor.fetchall()]


def _normalise(row: tuple[object, ...]) -> Cell:
    collaborative, day, *rest = row
    return (collaborative, str(day), *(int(v) if isinstance(v, int) else v for v in rest))
