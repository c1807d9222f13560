"""`manage.py rebuild_aggregates [--commit]`: check, or recompute, the maintained aggregates.

The per-case rows (`CaseStageFirst`) and the cells of the funnel and the measures
(`ccrhub.cases.aggregates`) are derived data the database keeps in step with the
events and cases. Without --commit this compares both with a from-scratch computation
and prints how many differ; with --commit it recomputes both in one transaction (after
a restore from a dump taken without triggers, say) and folds the cells. It stores
nothing else, so it writes no audit event.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ccrhub.cases import aggregates, stage_firsts


def _differing(
    stored: list[tuple[object, ...]], computed: list[tuple[object, ...]], key: int
) -> int:
    """How many keys (the first `key` columns) have a different row on the two sides."""
    left = {row[:key]: row for row in stored}
    right = {row[:key]: row for row in computed}
    return sum(1 for k in left.keys() | right.keys() if left.get(k) != right.get(k))


class Command(BaseCommand):
    help = "Compare the maintained aggregates with the events; --commit recomputes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Recompute rows and cells.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = _differing(stage_firsts.stored_rows(), stage_firsts.computed_rows(), 1)
        width = len(aggregates.CELL_COLUMNS)
        cells = _differing(aggregates.stored_cells(), aggregates.computed_cells(), width)
        self.stdout.write(f"{rows} stored rows differ; {cells} cells differ.")
        if not options["commit"]:
            if rows or cells:
                self.stdout.write("Run again with --commit to recompute them.")
            return
        stored_rows, stored_cells = aggregates.rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Recomputed: {stored_rows} rows, {stored_cells} cells.")
        )
