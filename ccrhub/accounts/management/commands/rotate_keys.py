"""Re-encrypt every encrypted column under the active key (dry run unless --commit).

Rotation: add a new key to the ring, make it active, run this with --commit, check
that it reports nothing left, and only then remove the old key. Reports counts only.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction

from ccrhub.audit.log import record
from ccrhub.lib import crypto
from ccrhub.lib.fields import EncryptedTextField, encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt EncryptedTextField values under the key ring's active key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Write (default: dry run).")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, commit: bool, batch_size: int, **options: Any) -> None:
        active = crypto.keyring().active
        total = 0
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            for field in encrypted_fields(model):
                count = rotate_column(model, field, batch_size=batch_size, commit=commit)
                total += count
                if count:
                    self.stdout.write(f"{meta.label}.{field.name}: {count} value(s) to rotate")
        verb = "Re-encrypted" if commit else "Would re-encrypt (dry run; add --commit)"
        self.stdout.write(f"{verb} {total} value(s) under key '{active}'.")
        if commit and total:
            with transaction.atomic():
                record(actor=None, action="keys.rotated", details={"values": total})


def rotate_column(
    model: type[models.Model], field: EncryptedTextField, *, batch_size: int, commit: bool
) -> int:
    """Walk the column in primary-key order, batch by batch; the number of stale values."""
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    # Names come from the model definitions, never from input.
    sql = (
        f"SELECT {quote(pk_column)}, {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {quote(pk_column)} > %s AND {quote(field.column)} IS NOT NULL "
        f"ORDER BY {quote(pk_column)} LIMIT %s"
    )
    stale = 0
    last: Any = None
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [last if last is not None else _lowest(model), batch_size])
                rows = cursor.fetchall()
            for pk, token in rows:
                if not crypto.needs_rotation(token):
                    continue
                stale += 1
                if commit:
                    plaintext = crypto.decrypt(token, aad=field.aad)
                    # update() encrypts through the field, under the active key.
                    model._base_manager.filter(pk=pk).update(**{field.name: plaintext})
        if len(rows) < batch_size:
            return stale
        last = rows[-1][0]


def _lowest(model: type[models.Model]) -> Any:
    """A value below every primary key: integer keys only (the project's convention)."""
    if not isinstance(model._meta.pk, models.IntegerField):
        raise TypeError(f"{model._meta.label}: rotation walks integer primary keys only.")
    return -(2**63)
