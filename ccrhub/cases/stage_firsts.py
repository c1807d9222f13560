"""The per-case stage firsts (`CaseStageFirst`): how they are computed and kept in step.

The funnel and the measures need, per case, the first date at each stage and a few
facts (a dual arrest, a conviction, each exit). Computing them from every event at
query time costs seconds at a million events, so they are stored, one row per case
with events, and the database keeps them true: triggers on `cases_event` recompute
the rows of the cases a statement touched. On PostgreSQL the triggers are
statement-level with transition tables, so a COPY or a bulk insert of 100,000 events
refreshes its cases in one set-based statement; on SQLite they are row-level.

`aggregate_sql()` is the one definition of a row; the migration that installs the
triggers holds a frozen copy of it (migration 0006), and `test_stage_firsts` checks
that the stored rows equal a from-scratch computation after mixed writes.
`rebuild()` (`manage.py rebuild_stage_firsts`) recomputes the whole table.
"""

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Column → SQL condition on an event (stage and outcome only; literals from the code).
DATES: dict[str, str] = {
    "incident": "stage = 'incident'",
    "arrest": "stage = 'arrest' AND outcome NOT IN ('none', 'warrant')",
    "charge_filed": "stage = 'charge_filed'",
    "first_appearance": "stage = 'first_appearance'",
    "disposition": "stage = 'disposition'",
    "sentence": "stage = 'sentence'",
    "probation_start": "stage = 'probation_start'",
    "bip_referral": "stage = 'bip_referral'",
    "bip_enrolment": "stage = 'bip_enrolment'",
    "bip_completion": "stage = 'bip_completion'",
}
FLAGS: dict[str, str] = {
    "dual": "stage = 'arrest' AND outcome = 'dual'",
    "convicted": "stage = 'disposition' AND outcome IN ('convicted_plea', 'convicted_trial')",
    "plea": "stage = 'disposition' AND outcome = 'convicted_plea'",
    # metrics.EXITS, in order
    "exit_arrest_none": "stage = 'arrest' AND outcome = 'none'",
    "exit_arrest_warrant": "stage = 'arrest' AND outcome = 'warrant'",
    "exit_charge_declined": "stage = 'charge_declined'",
    "exit_diverted": "stage = 'diverted'",
    "exit_dismissed": "stage = 'disposition' AND outcome = 'dismissed'",
    "exit_acquitted": "stage = 'disposition' AND outcome = 'acquitted'",
    "exit_bip_termination": "stage = 'bip_termination'",
}
COLUMNS: tuple[str, ...] = ("case_id", *DATES, *FLAGS)
TABLE = "cases_casestagefirst"
EVENTS = "cases_event"


def aggregate_sql(where: str) -> str:
    """SELECT of the rows (COLUMNS, in order) of the cases whose events match `where`."""
    parts = [f"MIN(CASE WHEN {cond} THEN occurred_on END)" for cond in DATES.values()]
    parts += [f"MAX(CASE WHEN {cond} THEN 1 ELSE 0 END) = 1" for cond in FLAGS.values()]
    return (
        f"SELECT case_id, {', '.join(parts)} FROM {EVENTS} "  # noqa: S608 - code literals only
        f"WHERE {where} GROUP BY case_id"
    )


def refresh_sql(where: str) -> list[str]:
    """Statements that recompute the rows of the cases matching `where` (on case_id)."""
    columns = ", ".join(COLUMNS)
    return [
        f"DELETE FROM {TABLE} WHERE {where}",  # noqa: S608
        f"INSERT INTO {TABLE} ({columns}) {aggregate_sql(where)}",
    ]


def refresh_cases(case_ids: list[int]) -> None:
    """Recompute the rows of these cases now (the triggers do this on every write)."""
    if not case_ids:
        return
    marks = ", ".join(["%s"] * len(case_ids))
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in refresh_sql(f"case_id IN ({marks})"):
            cursor.execute(sql, case_ids)


def rebuild() -> int:
    """Recompute the whole table from the events; returns the number of rows."""
    columns = ", ".join(COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {TABLE} ({columns}) {aggregate_sql('1 = 1')}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        return int(cursor.fetchone()[0])


def computed_rows() -> list[tuple[object, ...]]:
    """Every row as a from-scratch computation gives it, ordered by case (for checks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"{aggregate_sql('1 = 1')} ORDER BY case_id")
        return [_normalise(row) for row in cursor.fetchall()]


def stored_rows() -> list[tuple[object, ...]]:
    """Every stored row, ordered by case (for checks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY case_id")  # noqa: S608
        return [_normalise(row) for row in cursor.fetchall()]


def _normalise(row: tuple[object, ...]) -> tuple[object, ...]:
    """Dates as ISO text and flags as booleans, whatever the engine returned."""
    n_dates = len(DATES)
    head, dates, flags = row[0], row[1 : 1 + n_dates], row[1 + n_dates :]
    return (
        head,
        *(None if d is None else str(d) for d in dates),
        *(bool(f) for f in flags),
    )


# --- Triggers -------------------------------------------------------------------------

_POSTGRES_REFRESH = """
CREATE OR REPLACE FUNCTION cases_refresh_stage_firsts(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
    -- One writer per case at a time: a concurrent write to the same case waits here,
    -- then (read committed) sees the other's committed events.
    PERFORM 1 FROM cases_case WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    {delete};
    {insert};
END
$body$
"""

_POSTGRES_TRIGGER = """
CREATE OR REPLACE FUNCTION cases_event_stage_firsts_{op}() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    PERFORM cases_refresh_stage_firsts(ARRAY({ids}));
    RETURN NULL;
END
$body$
"""

_POSTGRES_OPS = {
    "insert": ("INSERT", "REFERENCING NEW TABLE AS new_rows", "SELECT case_id FROM new_rows"),
    "delete": ("DELETE", "REFERENCING OLD TABLE AS old_rows", "SELECT case_id FROM old_rows"),
    "update": (
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT case_id FROM old_rows UNION SELECT case_id FROM new_rows",
    ),
}


def postgres_trigger_sql() -> list[str]:
    delete, insert = refresh_sql("case_id = ANY(ids)")
    statements = [_POSTGRES_REFRESH.format(delete=delete, insert=insert)]
    for op, (event, referencing, ids) in _POSTGRES_OPS.items():
        statements.append(
            _POSTGRES_TRIGGER.format(op=op, ids=f"SELECT DISTINCT case_id FROM ({ids}) AS t")  # noqa: S608
        )
        statements.append(f"DROP TRIGGER IF EXISTS cases_event_stage_firsts_{op} ON {EVENTS}")
        statements.append(
            f"CREATE TRIGGER cases_event_stage_firsts_{op} AFTER {event} ON {EVENTS} "
            f"{referencing} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION cases_event_stage_firsts_{op}()"
        )
    return statements


def sqlite_trigger_sql() -> list[str]:
    statements = []
    for op, rows in (("insert", ("NEW",)), ("delete", ("OLD",)), ("update", ("OLD", "NEW"))):
        body = "".join(f"{sql};" for row in rows for sql in refresh_sql(f"case_id = {row}.case_id"))
        statements.append(f"DROP TRIGGER IF EXISTS cases_event_stage_firsts_{op}")
        statements.append(
            f"CREATE TRIGGER cases_event_stage_firsts_{op} AFTER {op.upper()} ON {EVENTS} "
            f"FOR EACH ROW BEGIN {body} END"
        )
    return statements


def install_triggers(conn: BaseDatabaseWrapper) -> None:
    """(Re)install the triggers; idempotent. Run by the migration and after every migrate
    (SQLite drops a table's triggers when a later migration rebuilds the table)."""
    if conn.vendor == "postgresql":
        statements = postgres_trigger_sql()
    elif conn.vendor == "sqlite":
        statements = sqlite_trigger_sql()
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(conn.vendor)
    tables = conn.introspection.table_names()
    if EVENTS not in tables or TABLE not in tables:
        return
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
