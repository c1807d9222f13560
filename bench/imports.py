# ruff: noqa: S608 - SQL built from table and column names of the schema only
"""Import: rows through the application's import against two `COPY` references.

- `copy_rows_per_s`: `COPY` of the same CSV into a bare table (no index, constraint or
  trigger): a floor no import into this schema can reach.
- `copy_tables_rows_per_s`: `COPY` of the same rows, already converted, into the real
  `cases_case` and `cases_event` with every index, constraint and trigger they have
  (foreign keys checked, the stage-first triggers run), in a transaction rolled back
  afterwards. The rows are prepared before the clock starts (ids chosen, keys hashed),
  so the time is the database's own. Columns the bench does not set take the values of
  an existing row, so the reference follows the schema as it changes.
"""

import csv
import datetime
import hashlib
import io
import json
import time
import uuid
from typing import Any

STAGES = (("incident", ""), ("arrest", "single"), ("charge_filed", ""))


def canonical_rows(count: int, agency_code: str) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for n in range(count):
        stage, outcome = STAGES[n % 3]
        day = f"2025-{1 + (n // 3) % 12:02d}-{1 + n % 3:02d}"
        rows.append((f"IMP-{n // 3:07d}", f"P-{n // 3}", stage, day, agency_code, outcome))
    return rows


def canonical_csv(rows: list[tuple[str, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_ref", "offender_ref", "stage", "occurred_on", "agency", "outcome"])
    writer.writerows(rows)
    return out.getvalue().encode()


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _template(cursor: Any, table: str, where: str, params: list[Any]) -> dict[str, Any]:
    cursor.execute(f"SELECT * FROM {table} WHERE {where} LIMIT 1", params)
    names = [column.name for column in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def _table_csv(template: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[str, bytes]:
    """(column list, CSV body) of `rows`, each a change of the template row."""
    names = list(template)
    out = io.StringIO()
    writer = csv.writer(out)
    for changes in rows:
        merged = template | changes
        writer.writerow([_text(merged[name]) for name in names])
    return ", ".join(names), out.getvalue().encode()


def copy_into_tables(collaborative_id: int, agency_id: int, rows: list[tuple[str, ...]]) -> float:
    """Seconds for COPY of the rows into cases_case and cases_event (rolled back)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        case_template = _template(cursor, "cases_case", "collaborative_id = %s", [collaborative_id])
        event_template = _template(
            cursor,
            "cases_event e",
            "e.case_id = %s",
            [case_template["id"]],
        )
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
        first_id = int(cursor.fetchone()[0]) + 1_000_000
    case_ids: dict[str, int] = {}
    cases, events = [], []
    for case_ref, offender_ref, stage, day, _agency, outcome in rows:
        ref = case_ref.replace("IMP-", "CPY-")
        if ref not in case_ids:
            case_ids[ref] = first_id + len(case_ids)
            key = hashlib.sha256(f"copy:{offender_ref}".encode()).hexdigest()
            cases.append(
                {
                    "id": case_ids[ref],
                    "public_id": uuid.uuid4(),
                    "external_ref": ref,
                    "offender_key": key,
                    "opened_on": day,
                    "collaborative_id": collaborative_id,
                }
            )
        events.append(
            {
                "public_id": uuid.uuid4(),
                "case_id": case_ids[ref],
                "stage": stage,
                "occurred_on": day,
                "outcome": outcome,
                "agency_id": agency_id,
            }
        )
    event_template.pop("id")
    case_columns, case_body = _table_csv(case_template, cases)
    event_columns, event_body = _table_csv(event_template, events)
    options = "WITH (FORMAT csv, NULL '\\N')"
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        with cursor.cursor.copy(f"COPY cases_case ({case_columns}) FROM STDIN {options}") as cp:
            cp.write(case_body)
        with cursor.cursor.copy(f"COPY cases_event ({event_columns}) FROM STDIN {options}") as cp:
            cp.write(event_body)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys, now
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def copy_into_bare_table(data: bytes) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (case_ref text, offender_ref text, stage text, "
            "occurred_on date, agency text, outcome text)"
        )
        start = time.perf_counter()
        with cursor.cursor.copy("COPY bench_bare FROM STDIN WITH CSV HEADER") as cp:
            cp.write(data)
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_bare")
    return seconds


def import_figures(collaborative: Any, coordinator: Any, police: Any, count: int) -> dict:
    """`count` canonical rows through create_job + run_import, against both COPYs."""
    from django.core.files.base import ContentFile

    from ccrhub.cases.imports import create_job, run_import
    from ccrhub.cases.models import ImportStatus

    rows = canonical_rows(count, police.short_code)
    data = canonical_csv(rows)
    start = time.perf_counter()
    job = create_job(
        collaborative=collaborative,
        upload=ContentFile(data, name="bench.csv"),
        actor=coordinator,
    )
    job = run_import(str(job.public_id))
    app_s = time.perf_counter() - start
    assert job.status == ImportStatus.COMPLETED, job.errors[:3]
    bare_s = copy_into_bare_table(data)
    tables_s = copy_into_tables(collaborative.pk, police.pk, rows)
    return {
        "rows": count,
        "app_s": round(app_s, 2),
        "app_rows_per_s": round(count / app_s),
        "copy_rows_per_s": round(count / bare_s),
        "copy_tables_rows_per_s": round(count / tables_s),
        "copy_tables_s": round(tables_s, 2),
    }
