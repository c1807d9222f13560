"""`manage.py backup PATH`: an encrypted backup of the database and the uploaded files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.audit.log import record
from ccrhub.retention.backup import write_backup


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and uploaded files to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        partial = path.with_name(path.name + ".partial")
        manifest = write_backup(partial)
        # Renamed only when whole: a crash leaves a ".partial" file, never a short backup.
        partial.replace(path)
        rows = sum(entry["rows"] for entry in manifest.models.values())
        record(actor=None, action="retention.backup", details={"rows": rows})
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest.models)} tables and "
            f"{len(manifest.files)} files to {path}."
        )
