"""Writing rows in bulk: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.db import connection, models
from django.utils import timezone

from ccrhub.cases import imports


def new_public_id() -> uuid.UUID:
    """A random (version 4) UUID from one read of the system's randomness."""
    return uuid.UUID(bytes=os.urandom(16), version=4)


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert new rows (attribute name → value; other fields take their defaults).

    COPY on PostgreSQL, for the import budget; bulk_create elsewhere. Both run in the
    caller's transaction, so a failure takes everything with it.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=imports.BATCH)
        return
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
