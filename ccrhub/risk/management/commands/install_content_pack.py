"""Install verbatim instrument wording from a folder of content-pack files.

Each `*.json` file in DIR is one pack:

    {"instrument": "dash", "version": "2014", "language": "en",
     "permission_ref": "SafeLives licence 2026-014",
     "items": {"q1": "…wording…", …}}

The instrument and version must exist, every item id must be one of its items, and
the permission reference is required. Installing again replaces the pack.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ccrhub.risk import instruments
from ccrhub.risk.models import ContentPack


class Command(BaseCommand):
    help = "Install instrument wording (content packs) from a folder of JSON files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["directory"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        files = sorted(folder.glob("*.json"))
        if not files:
            raise CommandError(f"No content-pack files (*.json) in {folder}.")
        with transaction.atomic():
            for path in files:
                self._install(path)

    def _install(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            instrument = instruments.get(raw["instrument"], str(raw["version"]))
            permission = str(raw["permission_ref"]).strip()
            items = {str(key): str(value) for key, value in raw["items"].items()}
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise CommandError(f"{path.name}: not a content pack ({error}).") from error
        if not permission:
            raise CommandError(f"{path.name}: a permission reference is required.")
        unknown = set(items) - set(instrument.item_ids)
        if unknown:
            raise CommandError(f"{path.name}: unknown items {sorted(unknown)}.")
        ContentPack.objects.update_or_create(
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            language=str(raw.get("language", "en")),
            defaults={"permission_ref": permission, "wording": items},
        )
        self.stdout.write(
            f"Installed {instrument.id} {instrument.version} ({len(items)} items) from {path.name}."
        )
