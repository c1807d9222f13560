"""`manage.py purge [--commit]`: apply the retention schedules (a dry run by default)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.retention import purge, registry


class Command(BaseCommand):
    help = "Purge what is past its retention schedule; without --commit, only count it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Purge (default: dry run).")
        parser.add_argument("--category", action="append", help="Only this category (repeatable).")

    def handle(self, *args: Any, commit: bool, category: list[str] | None, **options: Any) -> None:
        unknown = set(category or []) - set(registry.CATEGORIES)
        if unknown:
            raise CommandError(f"Unknown categories: {', '.join(sorted(unknown))}.")
        report = purge.run(commit=commit, categories=category)
        for entry in registry.describe():
            if category and entry["category"] not in category:
                continue
            count = report.counts.get(entry["category"], 0)
            verb = "purged" if commit else "due"
            self.stdout.write(f"{entry['category']:<24} {entry['days']:>6} days  {count:>7} {verb}")
        if not commit:
            self.stdout.write("Dry run: nothing was purged. Add --commit to purge.")
