"""Writing rows in bulk, and (on PostgreSQL) the plan staged in temporary tables.

On PostgreSQL a validated plan is copied once (`COPY`) into two temporary tables of
the connection, `import_case` and `import_event`; the checks against what is stored
and the writes of the commit are then single set-based statements over them
(`ccrhub.cases.imports.validation`, `ccrhub.cases.imports.commit`). The tables live
until `discard()` at the end of the run, or until the connection closes. SQLite keeps
the row-by-row path of the same rules.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone

from ccrhub.cases import imports
from ccrhub.cases.actions import offender_key
from ccrhub.partners.models import Agency

if TYPE_CHECKING:
    from ccrhub.cases.imports.validation import Plan

CASES = "import_case"
EVENTS = "import_event"

_CASE_TABLE = f"""
CREATE TEMPORARY TABLE {CASES} (
    seq integer NOT NULL, row integer NOT NULL, ref text NOT NULL,
    lead_agency_id bigint NOT NULL, offender_key text NOT NULL, opened_on date NOT NULL,
    victim_ref text NOT NULL, offender_sex text NOT NULL, victim_sex text NOT NULL,
    primary_aggressor text NOT NULL
)"""
_EVENT_TABLE = f"""
CREATE TEMPORARY TABLE {EVENTS} (
    seq integer NOT NULL, row integer NOT NULL, ref text NOT NULL, stage text NOT NULL,
    track text NOT NULL, occurred_on date NOT NULL, outcome text NOT NULL,
    agency_id bigint NOT NULL
)"""


def set_wise() -> bool:
    """Whether this database takes the staged, set-based path (PostgreSQL)."""
    return connection.vendor == "postgresql"


def stage_plan(plan: Plan) -> None:
    """Copy the plan's cases (merged) and events into fresh staging tables."""
    codes = dict(Agency.objects.values_list("pk", "short_code"))
    discard()
    with connection.cursor() as cursor:
        cursor.execute(_CASE_TABLE)
        cursor.execute(_EVENT_TABLE)
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {CASES} FROM STDIN") as copy:
            for seq, (ref, case) in enumerate(plan.cases.items()):
                key = offender_key(agency_code=codes[case.agency_id], identifier=case.offender_ref)
                copy.write_row(
                    (
                        seq,
                        case.row,
                        ref,
                        case.agency_id,
                        key,
                        case.occurred_on,
                        case.victim_ref,
                        case.offender_sex,
                        case.victim_sex,
                        case.primary_aggressor,
                    )
                )
        with raw.copy(f"COPY {EVENTS} FROM STDIN") as copy:
            for seq, draft in enumerate(plan.events.values()):
                copy.write_row(
                    (
                        seq,
                        draft.row,
                        draft.case_ref,
                        draft.stage,
                        draft.track,
                        draft.occurred_on,
                        draft.outcome,
                        draft.agency_id,
                    )
                )
        cursor.execute(f"ANALYZE {CASES}")
        cursor.execute(f"ANALYZE {EVENTS}")
    plan.staged = True


def discard() -> None:
    """Drop the staging tables of this connection, if any (PostgreSQL only)."""
    if not set_wise():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CASES}, {EVENTS}")


# --- Inserting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Staged:
    """Rows to insert that are already in the database (PostgreSQL).

    `columns` maps an attribute to its SQL expression over `source` (a FROM clause,
    with `params`), `values` an attribute to one value for every row; attributes left
    out take the field's default. Rows whose `conflict` key is taken
    are skipped (`ON CONFLICT … DO NOTHING`).
    """

    source: str
    columns: dict[str, str]
    params: tuple[Any, ...]
    values: dict[str, Any]
    conflict: str
    order_by: str = ""


def new_public_id() -> uuid.UUID:
    """A random (version 4) UUID from one read of the system's randomness."""
    return uuid.UUID(bytes=os.urandom(16), version=4)


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]] | Staged) -> int:
    """Insert new rows; returns how many were inserted.

    `rows` are attribute name → value (other fields take their defaults): COPY on
    PostgreSQL, for the import budget; bulk_create elsewhere. Or `Staged` rows,
    inserted by one `INSERT … SELECT … ON CONFLICT DO NOTHING` (PostgreSQL). All run
    in the caller's transaction, so a failure takes everything with it.
    """
    if isinstance(rows, Staged):
        return insert_staged(model, rows)[0]
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=imports.BATCH)
        return len(rows)
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
    return len(rows)


def insert_staged(
    model: type[models.Model], staged: Staged, *, returning: str = ""
) -> tuple[int, list[tuple[Any, ...]]]:
    """Insert `staged` rows set-wise: (rows inserted, the `returning` values of each)."""
    now = timezone.now()
    expressions: list[str] = []
    params: list[Any] = []
    columns: list[str] = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in staged.columns:
            expressions.append(staged.columns[f.attname])
        elif f.attname in staged.values:
            expressions.append("%s")
            params.append(staged.values[f.attname])
        elif f.attname == "public_id":
            expressions.append("gen_random_uuid()")  # generated by the database
        elif getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            expressions.append("%s")
            params.append(now)
        else:
            # A field the import does not set (a field added later, say): its default,
            # the same for every row.
            expressions.append("%s")
            params.append(f.get_db_prep_save(f.get_default(), connection))
    table = connection.ops.quote_name(model._meta.db_table)
    order = f" ORDER BY {staged.order_by}" if staged.order_by else ""
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - code literals only
        f"SELECT {', '.join(expressions)} FROM {staged.source}{order} "
        f"ON CONFLICT {staged.conflict} DO NOTHING"
    )
    if returning:
        sql += f" RETURNING {returning}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *staged.params])
        found = list(cursor.fetchall()) if returning else []
        return cursor.rowcount, found
