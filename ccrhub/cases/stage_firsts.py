"""The per-case stage firsts (`CaseStageFirst`): how they are computed and kept in step.

The funnel and the measures need, per case, the first date at each stage and a few
facts (a dual arrest, a conviction, each exit). Computing them from every event at
query time costs seconds at a million events, so they are stored, one row per case
with events, and the database keeps them true: triggers on `cases_event` recompute
the rows of the cases a statement touched. On PostgreSQL the triggers are
statement-level with transition tables, so a COPY or a bulk insert of 100,000 events
refreshes its cases in one set-based statement; on SQLite they are row-level.

`aggregate_sql()` is the one definition of a row; the migration that installs the
triggers is 0009 (0006 created the table), and `test_stage_firsts` checks that the
stored rows equal a from-scratch computation after mixed writes. The same triggers
keep the aggregates of `ccrhub.cases.aggregates` (`aggregate_triggers`).
`rebuild()` (`manage.py rebuild_stage_firsts`) recomputes the whole table.
"""

from django.db import connection
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
# The case's own facts the figures break down by, copied so that a stored row says
# which cells it contributes to (`ccrhub.cases.aggregates`) without a join.
PEOPLE: dict[str, str] = {
    "collaborative_id": "c.collaborative_id",
    "offender_key": "c.offender_key",
    "offender_sex": "c.offender_sex",
    "primary_aggressor": "c.primary_aggressor",
}
SPAN: dict[str, str] = {
    "first_event": "MIN(occurred_on)",
    "last_event": "MAX(occurred_on)",
    "last_incident": "MAX(CASE WHEN stage = 'incident' THEN occurred_on END)",
}
# The offender's next incident day (any case of the collaborative with the same key)
# after this case's first incident: what recidivism counts.
NEXT_INCIDENT = (
    "(SELECT MIN(i.occurred_on) FROM cases_event i JOIN cases_case k ON k.id = i.case_id "
    "WHERE i.stage = 'incident' AND k.collaborative_id = g.collaborative_id "
    "AND k.offender_key = g.offender_key AND i.occurred_on > g.incident)"
)
COLUMNS: tuple[str, ...] = ("case_id", *DATES, *FLAGS, *PEOPLE, *SPAN, "next_incident")
TABLE = "cases_casestagefirst"
EVENTS = "cases_event"


def aggregate_sql(where: str, *, with_next: bool = True) -> str:
    """SELECT of the rows (COLUMNS, in order) of the cases whose events match `where`.

    Without `with_next` the last column is NULL (figures over a period do not use it).
    """
    parts = [
        f"MIN(CASE WHEN {cond} THEN occurred_on END) AS {name}" for name, cond in DATES.items()
    ]
    parts += [
        f"MAX(CASE WHEN {cond} THEN 1 ELSE 0 END) = 1 AS {name}" for name, cond in FLAGS.items()
    ]
    parts += [f"{sql} AS {name}" for name, sql in PEOPLE.items()]
    parts += [f"{sql} AS {name}" for name, sql in SPAN.items()]
    grouped = (
        f"SELECT case_id, {', '.join(parts)} FROM {EVENTS} "  # noqa: S608 - code literals only
        f"JOIN cases_case c ON c.id = case_id WHERE {where} "
        f"GROUP BY case_id, {', '.join(PEOPLE.values())}"
    )
    following = NEXT_INCIDENT if with_next else "CAST(NULL AS DATE)"
    return f"SELECT g.*, {following} AS next_incident FROM ({grouped}) g"  # noqa: S608


def refresh_sql(where: str) -> list[str]:
    """Statements that recompute the rows of the cases matching `where` (on case_id)."""
    columns = ", ".join(COLUMNS)
    return [
        f"DELETE FROM {TABLE} WHERE {where}",  # noqa: S608
        f"INSERT INTO {TABLE} ({columns}) {aggregate_sql(where)}",
    ]


def refresh_cases(case_ids: list[int]) -> None:
    """Recompute the rows (and cells) of these cases now, as the triggers do on every write."""
    if not case_ids:
        return
    from ccrhub.cases import aggregates

    aggregates.refresh_cases(case_ids)


def rebuild() -> int:
    """Recompute the whole table (and the cells) from the events; returns the number of rows."""
    from ccrhub.cases import aggregates

    return aggregates.rebuild()[0]


def computed_rows() -> list[tuple[object, ...]]:
    """Every row as a from-scratch computation gives it, ordered by case (for checks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({aggregate_sql('1 = 1')}) r ORDER BY case_id")  # noqa: S608
        return [_normalise(row) for row in cursor.fetchall()]


def stored_rows() -> list[tuple[object, ...]]:
    """Every stored row, ordered by case (for checks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY case_id")  # noqa: S608
        return [_normalise(row) for row in cursor.fetchall()]


def _normalise(row: tuple[object, ...]) -> tuple[object, ...]:
    """Dates as ISO text and flags as booleans, whatever the engine returned."""
    return tuple(
        bool(value) if name in FLAGS else None if value is None else str(value)
        for name, value in zip(COLUMNS, row, strict=True)
    )


def install_triggers(conn: BaseDatabaseWrapper) -> None:
    """(Re)install the triggers that keep the rows and the cells; see `aggregate_triggers`."""
    from ccrhub.cases import aggregate_triggers

    aggregate_triggers.install(conn)
