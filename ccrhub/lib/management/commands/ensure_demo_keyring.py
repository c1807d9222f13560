"""Write a fresh encryption key ring for a development machine (`make run` calls this)."""

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ccrhub.lib.crypto import generate_keyring


class Command(BaseCommand):
    help = "Create the key ring file named by CCRHUB_KEYRING_FILE if it is missing (DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.CCRHUB_KEYRING_FILE
        if not path:
            self.stdout.write("CCRHUB_KEYRING_FILE is not set; nothing to do.")
            return
        if Path(path).exists():
            self.stdout.write("The key ring file exists; left as it is.")
            return
        if not settings.DEBUG:
            # A production key ring is made and backed up on purpose, never on the fly:
            # losing it loses every encrypted value.
            raise CommandError("Refusing to create a key ring outside DEBUG.")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(generate_keyring("demo1"), handle)
        self.stdout.write(f"Wrote a new development key ring to {path} (mode 0600).")
