"""E-mail reminders of protocol reviews: each collaborative's coordinators hear about
its protocols whose review is due within N days or overdue, at most once a day.

Run daily by `manage.py send_protocol_reminders --commit`. Each coordinator gets one
message listing the protocols. The run is audited once, with counts only.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ccrhub.lib import outbox
from ccrhub.partners.models import Representative, Role
from ccrhub.protocols.actions import mark_reminded
from ccrhub.protocols.models import Protocol
from ccrhub.protocols.queries import reviews_to_remind


def default_days() -> int:
    return settings.CCRHUB_PROTOCOL_REVIEW_REMINDER_DAYS


@dataclass
class ReviewReminders:
    protocols: list[Protocol] = field(default_factory=list)
    # e-mail address → protocols
    messages: dict[str, list[Protocol]] = field(default_factory=dict)


def plan(today: datetime.date, days: int) -> ReviewReminders:
    protocols = reviews_to_remind(today, days)
    run = ReviewReminders(protocols=protocols)
    coordinators = Representative.objects.filter(
        collaborative_id__in={p.collaborative_id for p in protocols},
        role=Role.COORDINATOR,
        is_active=True,
        user__is_active=True,
    ).values_list("collaborative_id", "user__email")
    by_collaborative: dict[int, list[str]] = {}
    for collaborative_id, email in coordinators:
        by_collaborative.setdefault(collaborative_id, []).append(email)
    for protocol in protocols:
        for address in sorted(by_collaborative.get(protocol.collaborative_id, [])):
            run.messages.setdefault(address, []).append(protocol)
    return run


def _message(address: str, protocols: list[Protocol], today: datetime.date) -> outbox.Message:
    site = settings.CCRHUB_SITE_URL.rstrip("/")
    lines = [
        {
            "protocol": p,
            "overdue": p.review_due_on is not None and p.review_due_on < today,
            "url": site + reverse("protocols:protocol-detail", kwargs={"public_id": p.public_id}),
        }
        for p in protocols
    ]
    body = render_to_string("protocols/email/review_reminder.txt", {"lines": lines})
    return outbox.Message(_("CCR Hub: protocol reviews due"), body, to=[address])


def send_review_reminders(
    *, today: datetime.date | None = None, days: int | None = None, commit: bool = False
) -> ReviewReminders:
    """Plan the reminders; with `commit`, send them and remember the day they were sent,
    so a second run the same day sends nothing."""
    today = today or timezone.localdate()
    days = default_days() if days is None else days
    with transaction.atomic():
        run = plan(today, days)
        if commit and run.protocols:
            with translation.override(settings.LANGUAGE_CODE):
                messages = [
                    _message(address, protocols, today)
                    for address, protocols in sorted(run.messages.items())
                ]
            if messages:
                outbox.send_all(messages)
            mark_reminded(run.protocols, on=today, messages=len(messages))
    return run
