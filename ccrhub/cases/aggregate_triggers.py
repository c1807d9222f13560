"""The triggers that keep `CaseStageFirst` and the cells (`ccrhub.cases.aggregates`) true.

They fire on `cases_event` (insert, update, delete) and on `cases_case` (a change of
collaborative, offender key, offender sex or primary-aggressor determination). Each
refreshes the cases touched and the other cases of the same offender: the stored
rows are recomputed from the events, and the cells get the difference between the
new contributions and the old ones.

On PostgreSQL the triggers are statement-level with transition tables, so a COPY, a
multi-row INSERT … ON CONFLICT or a bulk update refreshes its cases in one set-based
statement; the cells are added in that same statement (append-only, so concurrent
writers never wait on each other's cells). On SQLite they are row-level.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

from ccrhub.cases import aggregates, stage_firsts

TABLE, EVENTS, CASES = stage_firsts.TABLE, stage_firsts.EVENTS, "cases_case"
WATCHED = ("collaborative_id", "offender_key", "offender_sex", "primary_aggressor")

_POSTGRES_REFRESH = """
CREATE OR REPLACE FUNCTION cases_refresh_stage_firsts(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- The other cases of the same offenders: their next incident may have moved.
    ids := ARRAY(
        SELECT id FROM cases_case WHERE (collaborative_id, offender_key) IN (
            SELECT collaborative_id, offender_key FROM cases_case WHERE id = ANY(ids)
            UNION SELECT collaborative_id, offender_key FROM {table} WHERE case_id = ANY(ids))
        UNION SELECT unnest(ids));
    -- One writer per case at a time: a concurrent write to the same case waits here,
    -- then (read committed) sees the other's committed events.
    PERFORM 1 FROM cases_case WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    WITH fresh AS MATERIALIZED ({fresh}),
    old AS MATERIALIZED (SELECT * FROM {table} WHERE case_id = ANY(ids)),
    gone AS (
        DELETE FROM {table} WHERE case_id = ANY(ids)
        AND case_id NOT IN (SELECT case_id FROM fresh)),
    kept AS (
        INSERT INTO {table} ({columns}) SELECT {columns} FROM fresh
        ON CONFLICT (case_id) DO UPDATE SET {updates})
    {cells};
    {mark};
END
$body$
"""

_POSTGRES_TRIGGER = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    PERFORM cases_refresh_stage_firsts(ARRAY({ids}));
    RETURN NULL;
END
$body$
"""

_CHANGED = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in WATCHED)
_CHANGED_CASES = f"SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}"  # noqa: S608
_POSTGRES_OPS = {
    # name: (table, event, transition tables, touched case ids)
    "cases_event_stage_firsts_insert": (
        EVENTS,
        "INSERT",
        "REFERENCING NEW TABLE AS new_rows",
        "SELECT DISTINCT case_id FROM new_rows",
    ),
    "cases_event_stage_firsts_delete": (
        EVENTS,
        "DELETE",
        "REFERENCING OLD TABLE AS old_rows",
        "SELECT DISTINCT case_id FROM old_rows",
    ),
    "cases_event_stage_firsts_update": (
        EVENTS,
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT case_id FROM old_rows UNION SELECT case_id FROM new_rows",
    ),
    "cases_case_stage_firsts_update": (
        CASES,
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _CHANGED_CASES,
    ),
}


def postgres_trigger_sql() -> list[str]:
    columns = ", ".join(stage_firsts.COLUMNS)
    kinds = aggregates.all_kinds("postgresql")
    parts = [
        *aggregates.contribution_parts("old", kinds, sign=-1),
        *aggregates.contribution_parts("fresh", kinds, sign=1),
    ]
    refresh = _POSTGRES_REFRESH.format(
        table=TABLE,
        fresh=stage_firsts.aggregate_sql("case_id = ANY(ids)"),
        columns=columns,
        updates=", ".join(f"{c} = EXCLUDED.{c}" for c in stage_firsts.COLUMNS[1:]),
        cells=aggregates.insert_cells(aggregates.summed(parts)),
        mark=aggregates.insert_cells(_marks("SELECT unnest(ids) AS case_id")),
    )
    statements = [refresh, *_postgres_mark_sql()]
    for name, (table, event, referencing, ids) in _POSTGRES_OPS.items():
        statements.append(_POSTGRES_TRIGGER.format(name=name, ids=ids))
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return statements


# The other tables the measures read: a write there marks the collaborative's figures
# as changed (see `aggregates.version`), through the case it belongs to.
MARKED = {
    "cases_order": "SELECT case_id FROM {rows}",
    "cases_violation": "SELECT case_id FROM {rows}",
    "cases_violationresponse": (
        "SELECT v.case_id FROM {rows} r JOIN cases_violation v ON v.id = r.violation_id"
    ),
}


def _marks(cases: str) -> str:
    """SELECT of one marker cell (n = 0) per collaborative of the cases `cases` selects."""
    return (
        f"SELECT DISTINCT c.collaborative_id, CURRENT_DATE, {aggregates.MARK}, '', '', 0, 0 "  # noqa: S608
        f"FROM {CASES} c WHERE c.id IN ({cases})"
    )


def _postgres_mark_sql() -> list[str]:
    statements = []
    for table, cases in MARKED.items():
        for op, referencing, rows in (
            ("insert", "REFERENCING NEW TABLE AS new_rows", "new_rows"),
            ("delete", "REFERENCING OLD TABLE AS old_rows", "old_rows"),
            ("update", "REFERENCING NEW TABLE AS new_rows", "new_rows"),
        ):
            name = f"{table}_mark_figures_{op}"
            mark = aggregates.insert_cells(_marks(cases.format(rows=rows)))
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$body$ BEGIN {mark}; RETURN NULL; END $body$"
            )
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    return statements


def _sqlite_mark_sql() -> list[str]:
    statements = []
    for table in MARKED:
        for op, row in (("insert", "NEW"), ("delete", "OLD"), ("update", "NEW")):
            name = f"{table}_mark_figures_{op}"
            if table != "cases_violationresponse":
                one = f"SELECT {row}.case_id"
            else:
                one = f"SELECT case_id FROM cases_violation WHERE id = {row}.violation_id"  # noqa: S608
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} FOR EACH ROW "
                f"BEGIN {aggregates.insert_cells(_marks(one))}; END"
            )
    return statements


def _offender_cases(case: str) -> str:
    """SQL: the ids of the cases of the same offender as case id `case` (itself included)."""
    return (
        f"SELECT id FROM {CASES} WHERE collaborative_id = "  # noqa: S608
        f"(SELECT collaborative_id FROM {CASES} WHERE id = {case}) AND offender_key = "
        f"(SELECT offender_key FROM {CASES} WHERE id = {case}) UNION SELECT {case}"
    )


def _sqlite_refresh(where: str) -> str:
    """The body of a row trigger refreshing the cases matching `where` (on case_id)."""
    kinds = aggregates.all_kinds("sqlite")
    columns = ", ".join(stage_firsts.COLUMNS)
    statements = [
        aggregates.insert_cells(
            aggregates.summed(aggregates.contribution_parts(TABLE, kinds, sign=-1, where=where))
        ),
        f"DELETE FROM {TABLE} WHERE {where}",  # noqa: S608
        f"INSERT INTO {TABLE} ({columns}) {stage_firsts.aggregate_sql(where)}",
        aggregates.insert_cells(
            aggregates.summed(aggregates.contribution_parts(TABLE, kinds, sign=1, where=where))
        ),
    ]
    touched = f"SELECT case_id FROM (SELECT id AS case_id FROM {CASES}) AS k WHERE {where}"  # noqa: S608
    statements.append(aggregates.insert_cells(_marks(touched)))
    return "".join(f"{sql};" for sql in statements)


def sqlite_trigger_sql() -> list[str]:
    statements = []
    events = {
        "insert": [_offender_cases("NEW.case_id")],
        "delete": [_offender_cases("OLD.case_id")],
        "update": [_offender_cases("OLD.case_id"), _offender_cases("NEW.case_id")],
    }
    for op, groups in events.items():
        where = f"case_id IN ({' UNION '.join(groups)})"
        statements.append(f"DROP TRIGGER IF EXISTS cases_event_stage_firsts_{op}")
        statements.append(
            f"CREATE TRIGGER cases_event_stage_firsts_{op} AFTER {op.upper()} ON {EVENTS} "
            f"FOR EACH ROW BEGIN {_sqlite_refresh(where)} END"
        )
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    offenders = (
        f"SELECT id FROM {CASES} WHERE (collaborative_id = OLD.collaborative_id "  # noqa: S608
        f"AND offender_key = OLD.offender_key) OR (collaborative_id = NEW.collaborative_id "
        f"AND offender_key = NEW.offender_key) UNION SELECT NEW.id"
    )
    statements.append("DROP TRIGGER IF EXISTS cases_case_stage_firsts_update")
    statements.append(
        f"CREATE TRIGGER cases_case_stage_firsts_update AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON {CASES} FOR EACH ROW WHEN {changed} "
        f"BEGIN {_sqlite_refresh(f'case_id IN ({offenders})')} END"
    )
    return [*statements, *_sqlite_mark_sql()]


def install(conn: BaseDatabaseWrapper) -> None:
    """(Re)install the triggers; idempotent. Run by migration 0009 and after every migrate
    (SQLite drops a table's triggers when a later migration rebuilds the table). Before
    0009 the cells table does not exist yet and nothing is installed."""
    if conn.vendor == "postgresql":
        statements = postgres_trigger_sql()
    elif conn.vendor == "sqlite":
        statements = sqlite_trigger_sql()
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(conn.vendor)
    tables = conn.introspection.table_names()
    if not {EVENTS, TABLE, aggregates.CELLS} <= set(tables):
        return
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
