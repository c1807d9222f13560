# ruff: noqa: S608 - SQL built from the table and column names below and temporary paths only
"""DuckDB over Parquet copies of the case tables: the columnar reference.

The tables are exported from PostgreSQL as CSV with `\\N` for NULL (so an empty
outcome stays an empty string, as in PostgreSQL, instead of becoming NULL), read with
the column types PostgreSQL reports (so an empty table needs no type inference), and
written to Parquet in a temporary folder that is deleted, with everything in it, when
the `parquet_copy` block ends. The export is not timed.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TABLES = {
    "cases_case": ("id", "collaborative_id", "offender_key", "offender_sex", "primary_aggressor"),
    "cases_event": ("id", "case_id", "stage", "occurred_on", "outcome"),
    "cases_order": ("id", "case_id", "issued_on", "served_on"),
    "cases_violation": ("id", "case_id", "detected_on"),
    "cases_violationresponse": ("id", "violation_id", "responded_on"),
}
DUCKDB_TYPES = {
    "bigint": "BIGINT",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "uuid": "VARCHAR",
}


def _column_types(cursor: Any, table: str, columns: tuple[str, ...]) -> dict[str, str]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    types = {name: DUCKDB_TYPES[kind] for name, kind in cursor.fetchall() if name in columns}
    return {name: types[name] for name in columns}


@contextmanager
def parquet_copy(pg_connection: Any) -> Iterator[Any]:
    """A DuckDB connection with one view per table over its Parquet copy."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="bench-parquet-") as folder_name:
        folder = Path(folder_name)
        duck = duckdb.connect()
        try:
            with pg_connection.cursor() as cursor:
                for table, columns in TABLES.items():
                    _export(cursor, duck, folder, table, columns)
            yield duck
        finally:
            duck.close()


def _export(cursor: Any, duck: Any, folder: Path, table: str, columns: tuple[str, ...]) -> None:
    types = _column_types(cursor, table, columns)
    csv_path, parquet_path = folder / f"{table}.csv", folder / f"{table}.parquet"
    with (
        csv_path.open("wb") as out,
        cursor.copy(
            f"COPY (SELECT {', '.join(columns)} FROM {table}) "
            "TO STDOUT WITH (FORMAT csv, HEADER, NULL '\\N')"
        ) as copy,
    ):
        for block in copy:
            out.write(block)
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in types.items()) + "}"
    duck.execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, nullstr = '\\N', "
        f"columns = {spec}, auto_detect = false)) TO '{parquet_path}' (FORMAT PARQUET)"
    )
    csv_path.unlink()
    duck.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{parquet_path}')")
