"""`manage.py restore PATH --yes`: replace everything with a backup, then replay purges."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.audit.log import record
from ccrhub.retention.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `backup`, replacing all data; purges are replayed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that all current data is replaced."
        )

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("A restore replaces all current data; add --yes to go ahead.")
        try:
            report = restore_backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        record(actor=None, action="retention.restore", details={"rows": report.rows})
        self.stdout.write(
            f"Restored {report.rows} rows and {report.files} files; "
            f"replayed {report.replayed} purges from the ledger."
        )
