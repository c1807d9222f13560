"""Delete expired exports (their links already answer 404). Dry run unless --commit."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ccrhub.evaluation.models import Export


class Command(BaseCommand):
    help = "Delete exports whose download link has expired."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--commit", action="store_true", help="Delete (default: count only).")

    def handle(self, *args: Any, **options: Any) -> None:
        expired = Export.objects.filter(expires_at__lte=timezone.now())
        count = expired.count()
        if options["commit"]:
            expired.delete()
            self.stdout.write(f"Deleted {count} expired exports.")
        else:
            self.stdout.write(f"{count} expired exports would be deleted; pass --commit.")
