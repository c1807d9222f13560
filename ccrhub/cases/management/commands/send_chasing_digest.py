"""`manage.py send_chasing_digest [--commit]`: e-mail each person what they must chase.

Without --commit it prints how many people would get a digest and the totals per
kind, nothing else. With --commit it sends one e-mail per person who has something
to chase: counts per kind and a link to the chasing page, never a case reference —
an e-mail leaves the system. One audit event per run, with the counts.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases.chasing import KINDS, chasing_counts
from ccrhub.lib import outbox
from ccrhub.partners.models import Representative
from ccrhub.partners.roles import ROLE_PERMISSIONS


def case_workers() -> "list[User]":
    """Active people holding a role that sees cases in an active collaborative."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if "cases.view" in permissions]
    holders = Representative.objects.filter(
        is_active=True, collaborative__is_active=True, role__in=roles
    ).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True).order_by("pk"))


def digest_body(counts: dict[str, int], link: str) -> str:
    lines = [
        _("Open gaps in the cases you may see, for your agency to act on:"),
        "",
        _("Violations without a response: %(n)d") % {"n": counts["violations"]},
        _("BIP referrals not enrolled: %(n)d") % {"n": counts["bip_referrals"]},
        _("Orders not served: %(n)d") % {"n": counts["unserved_orders"]},
        "",
        _("Sign in to see them: %(link)s") % {"link": link},
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "E-mail each person the counts of what they must chase (dry run without --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Send the e-mails for real.")

    def handle(self, *args: Any, **options: Any) -> None:
        digests = []
        for user in case_workers():
            counts = chasing_counts(user)
            if sum(counts.values()):
                digests.append((user, counts))
        totals = {kind: sum(counts[kind] for _user, counts in digests) for kind in KINDS}
        summary = ", ".join(f"{kind}={totals[kind]}" for kind in KINDS)
        if not options["commit"]:
            self.stdout.write(
                f"{len(digests)} digest(s) would be sent ({summary}); run with --commit."
            )
            return
        with transaction.atomic():
            sent = self._send(digests)
            record(
                actor=None,
                action="chasing.digest_sent",
                details={"recipients": sent, **totals},
            )
        self.stdout.write(f"{sent} digest(s) sent ({summary}).")

    def _send(self, digests: list[tuple[User, dict[str, int]]]) -> int:
        """Queue the digests in the outbox; they leave when the run's transaction commits."""
        base = settings.CCRHUB_SITE_URL.rstrip("/")
        link = base + reverse("chasing:list")
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("CCR Hub: cases to chase")
            for user, counts in digests:
                if user.email:
                    messages.append(
                        outbox.Message(subject, digest_body(counts, link), to=[user.email])
                    )
        return outbox.send_all(messages)
