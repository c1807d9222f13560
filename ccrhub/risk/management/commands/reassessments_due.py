"""List (and with --email, send to each agency's advocates) the survivor records whose
risk re-assessment is due: after a new incident, or RISK_REASSESS_DAYS after the last
assessment. Messages carry record ids and links only, never survivor details."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from ccrhub.accounts.models import User
from ccrhub.lib import outbox
from ccrhub.partners.models import Representative, Role
from ccrhub.risk.queries import reassessments_due


class Command(BaseCommand):
    help = "List risk re-assessments due; --email tells each agency's advocates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        due = reassessments_due()
        by_agency: dict[int, list[str]] = {}
        for entry in due:
            link = reverse("survivors:survivor-detail", args=[entry.survivor.public_id])
            line = f"{link} ({entry.reason})"
            by_agency.setdefault(entry.survivor.owner_agency_id, []).append(line)
            self.stdout.write(line)
        self.stdout.write(f"{len(due)} re-assessment(s) due.")
        if not options["email"]:
            return
        for agency_id, lines in by_agency.items():
            advocates = User.objects.filter(
                agency_id=agency_id,
                is_active=True,
                pk__in=Representative.objects.filter(role=Role.ADVOCATE, is_active=True).values(
                    "user_id"
                ),
            ).values_list("email", flat=True)
            recipients = sorted(set(advocates))
            if recipients:
                outbox.send(
                    "CCR Hub: risk re-assessments due",
                    "These survivor records are due a risk re-assessment:\n\n" + "\n".join(lines),
                    recipients,
                )
