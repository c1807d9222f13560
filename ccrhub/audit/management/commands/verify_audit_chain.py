"""Recompute the audit trail's hash chains; exit non-zero at the first broken event."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ccrhub.audit.integrity import stored_events, verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains (prints OK and the counts, or the broken event)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(stored_events())
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event id {report.broken_event_id}: {report.problem} "
                f"({report.count} events verified before it)."
            )
        self.stdout.write(
            f"OK: {report.count} audit events in {report.chains} chains, every chain intact."
        )
