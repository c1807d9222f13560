"""Reminders to verify directory entries nobody has confirmed for a while.

An entry not verified for `CCRHUB_DIRECTORY_VERIFY_DAYS` is flagged on the maintenance
pages; `manage.py remind_unverified --commit` (daily) e-mails the people who keep it:
the owning agency's admins in the collaborative, or its coordinators when no agency
owns the entry or the agency has no admin there. Each entry is reminded at most once
every `REMIND_AGAIN_DAYS`, so running the command twice a day sends nothing new. Each
person gets one message listing their entries. The run is audited once, with counts.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ccrhub.directory.models import Service, verify_days
from ccrhub.lib import outbox, reminders
from ccrhub.partners.models import Representative, Role

REMIND_AGAIN_DAYS = 7


@dataclass
class ReminderRun:
    services: list[Service] = field(default_factory=list)
    # e-mail address → the services it is reminded of
    messages: dict[str, list[Service]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {"services": len(self.services), "messages": len(self.messages)}


def due(today: datetime.date) -> list[Service]:
    again = today - datetime.timedelta(days=REMIND_AGAIN_DAYS)
    cutoff = today - datetime.timedelta(days=verify_days())
    return list(
        Service.objects.published()
        .filter(organization__collaborative__is_active=True)
        .filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))
        .filter(Q(verification_reminded_on__isnull=True) | Q(verification_reminded_on__lte=again))
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def _recipients(services: list[Service]) -> dict[int, list[str]]:
    """Service id → addresses, from one query for every collaborative concerned."""
    reps = Representative.objects.filter(
        collaborative_id__in={s.organization.collaborative_id for s in services},
        role__in=[Role.COORDINATOR, Role.AGENCY_ADMIN],
        is_active=True,
        user__is_active=True,
    ).values_list("collaborative_id", "role", "user__agency_id", "user__email")
    admins: dict[tuple[int, int], set[str]] = defaultdict(set)
    coordinators: dict[int, set[str]] = defaultdict(set)
    for collaborative_id, role, agency_id, email in reps:
        if role == Role.COORDINATOR:
            coordinators[collaborative_id].add(email)
        elif agency_id is not None:
            admins[(collaborative_id, agency_id)].add(email)
    result = {}
    for service in services:
        organization = service.organization
        owners: set[str] = set()
        if organization.agency_id is not None:
            owners = admins[(organization.collaborative_id, organization.agency_id)]
        result[service.pk] = sorted(owners or coordinators[organization.collaborative_id])
    return result


def plan(today: datetime.date) -> ReminderRun:
    run = ReminderRun(services=due(today))
    addresses = _recipients(run.services)
    for service in run.services:
        for address in addresses[service.pk]:
            run.messages.setdefault(address, []).append(service)
    return run


def _message(address: str, services: list[Service]) -> outbox.Message:
    site = settings.CCRHUB_SITE_URL.rstrip("/")
    lines = [
        {
            "service": service,
            "url": site
            + reverse("directory:service-detail", kwargs={"public_id": service.public_id}),
        }
        for service in services
    ]
    body = render_to_string(
        "directory/email/unverified.txt", {"lines": lines, "days": verify_days()}
    )
    return outbox.Message(_("CCR Hub: directory entries to verify"), body, to=[address])


def _plan(today: datetime.date) -> reminders.Plan:
    run = plan(today)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [_message(a, s) for a, s in sorted(run.messages.items())]

    def mark() -> None:
        Service.objects.filter(pk__in=[s.pk for s in run.services]).update(
            verification_reminded_on=today
        )

    return reminders.Plan(
        "directory.verification_reminders_run",
        messages=messages,
        counts=run.counts(),
        mark=mark,
        found=run,
    )


def send_reminders(*, today: datetime.date | None = None, commit: bool = False) -> ReminderRun:
    """Plan the reminders; with `commit`, send them and remember the day."""
    day = today or timezone.localdate()
    found: ReminderRun = reminders.run(lambda: _plan(day), commit=commit).found
    return found
