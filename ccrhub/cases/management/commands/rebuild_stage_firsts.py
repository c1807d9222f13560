"""`manage.py rebuild_stage_firsts [--commit]`: check, or recompute, the stored stage firsts.

`CaseStageFirst` is derived data that the database keeps in step with the events
(`ccrhub.cases.stage_firsts`). Without --commit this compares the stored rows with a
from-scratch computation and prints how many cases differ; with --commit it
recomputes the whole table in one transaction (after a restore from a dump taken
without triggers, say). It stores nothing else, so it writes no audit event.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.cases import stage_firsts


class Command(BaseCommand):
    help = "Compare the stored per-case stage firsts with the events; --commit recomputes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Recompute the whole table.")

    def handle(self, *args: Any, **options: Any) -> None:
        stored = {row[0]: row for row in stage_firsts.stored_rows()}
        computed = {row[0]: row for row in stage_firsts.computed_rows()}
        differing = sum(
            1
            for case_id in stored.keys() | computed.keys()
            if stored.get(case_id) != computed.get(case_id)
        )
        self.stdout.write(f"{len(computed)} cases with events; {differing} stored rows differ.")
        if not options["commit"]:
            if differing:
                self.stdout.write("Run again with --commit to recompute the table.")
            return
        rows = stage_firsts.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Recomputed: {rows} rows."))
