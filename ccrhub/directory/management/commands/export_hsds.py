"""`manage.py export_hsds DIR [--collaborative ID]`: write the published directory as an
HSDS 3.0 data package (CSV tables, datapackage.json, services.json) into DIR."""

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.directory.hsds_package import export_package, write_directory
from ccrhub.partners.models import Collaborative


class Command(BaseCommand):
    help = "Write an HSDS 3.0 data package of the published directory into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="Folder to write (created if missing).")
        parser.add_argument(
            "--collaborative",
            help="Public id of one collaborative (default: every published entry).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] | None = None
        if options["collaborative"]:
            try:
                key = uuid.UUID(options["collaborative"])
            except ValueError as error:
                raise CommandError("No collaborative has this id.") from error
            collaborative = Collaborative.objects.filter(public_id=key).first()
            if collaborative is None:
                raise CommandError("No collaborative has this id.")
            ids = [collaborative.pk]
        target = Path(options["directory"])
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a folder.")
        export = export_package(collaborative_ids=ids, actor=None)
        written = write_directory(export, target)
        counts = ", ".join(f"{name} {n}" for name, n in export.counts().items() if n)
        self.stdout.write(f"Wrote {len(written)} files to {target}: {counts or 'no rows'}.")
