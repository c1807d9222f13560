"""`manage.py import_hsds PATH --collaborative ID [--dry-run]`: import an HSDS data
package (a folder, a zip, or one JSON file) into a collaborative's directory.

Everything or nothing: any bad row or broken reference refuses the whole package,
listed by file and row. Importing the same package again changes nothing.
"""

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.directory.hsds_import import Report, import_package
from ccrhub.directory.hsds_read import PackageError, read_package, read_path
from ccrhub.partners.models import Collaborative


def summary(report: Report) -> list[str]:
    lines = []
    for table in report.tables():
        lines.append(
            f"  {table}: {report.created[table]} new, {report.updated[table]} changed, "
            f"{report.unchanged[table]} unchanged"
        )
    return lines


class Command(BaseCommand):
    help = "Import an HSDS data package (folder, zip or JSON) into a collaborative's directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The package: a folder, a .zip, or a .json file.")
        parser.add_argument(
            "--collaborative", required=True, help="Public id of the collaborative."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = uuid.UUID(options["collaborative"])
        except ValueError as error:
            raise CommandError("No collaborative has this id.") from error
        collaborative = Collaborative.objects.filter(public_id=key, is_active=True).first()
        if collaborative is None:
            raise CommandError("No collaborative has this id.")
        try:
            tables = read_package(read_path(Path(options["path"])))
        except PackageError as error:
            raise CommandError(str(error)) from error
        report = import_package(
            tables, collaborative=collaborative, actor=None, dry_run=options["dry_run"]
        )
        for warning in report.warnings:
            self.stderr.write(f"Note: {warning}")
        if not report.ok:
            for problem in report.errors:
                self.stderr.write(f"Error: {problem}")
            raise CommandError(f"Nothing imported: {len(report.errors)} error(s) in the package.")
        verb = "Checked (dry run, nothing written)" if report.dry_run else "Imported"
        self.stdout.write("\n".join([f"{verb}:", *summary(report)]))
