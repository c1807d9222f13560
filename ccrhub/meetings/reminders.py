"""E-mail reminders of action items: a few days before the due date, and when overdue
(then again every week while the action stays open).

Run daily by `manage.py send_action_reminders --commit`. Each person gets one message
listing their items. The run is audited once, with counts only.
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

from ccrhub.lib import outbox, reminders
from ccrhub.meetings.models import ActionItem, ActionStatus
from ccrhub.partners.models import Representative


def days_before() -> int:
    return settings.CCRHUB_ACTION_REMINDER_DAYS


def overdue_every() -> int:
    return settings.CCRHUB_OVERDUE_REMINDER_EVERY_DAYS


@dataclass
class ReminderRun:
    due_soon: list[ActionItem] = field(default_factory=list)
    overdue: list[ActionItem] = field(default_factory=list)
    # e-mail address → (kind, item) pairs
    messages: dict[str, list[tuple[str, ActionItem]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "due_soon": len(self.due_soon),
            "overdue": len(self.overdue),
            "messages": len(self.messages),
        }


def _due_soon(today: datetime.date) -> list[ActionItem]:
    window_end = today + datetime.timedelta(days=days_before())
    items = ActionItem.objects.filter(
        status=ActionStatus.OPEN, due_on__gte=today, due_on__lte=window_end
    ).exclude(reminded_due_on__isnull=False)
    return list(items.for_list())


def _overdue(today: datetime.date) -> list[ActionItem]:
    again = today - datetime.timedelta(days=overdue_every())
    not_lately = Q(reminded_overdue_on__isnull=True) | Q(reminded_overdue_on__lte=again)
    return list(ActionItem.objects.overdue(today).filter(not_lately).for_list())


def _recipients(items: list[ActionItem]) -> dict[int, list[str]]:
    """Item id → addresses: the named owner, else the owning agency's people in the
    collaborative (one query for all agency-owned items)."""
    agency_owned = [i for i in items if i.owner is None or not i.owner.is_active]
    staff: dict[tuple[int, int], list[str]] = defaultdict(list)
    if agency_owned:
        reps = Representative.objects.filter(
            collaborative_id__in={i.collaborative_id for i in agency_owned},
            user__agency_id__in={i.owner_agency_id for i in agency_owned},
            user__is_active=True,
            is_active=True,
        ).values_list("collaborative_id", "user__agency_id", "user__email")
        for collaborative_id, agency_id, email in reps:
            staff[(collaborative_id, agency_id)].append(email)
    result: dict[int, list[str]] = {}
    for item in items:
        if item.owner is not None and item.owner.is_active:
            result[item.pk] = [item.owner.email]
        else:
            result[item.pk] = sorted(staff[(item.collaborative_id, item.owner_agency_id)])
    return result


def plan(today: datetime.date) -> ReminderRun:
    run = ReminderRun(due_soon=_due_soon(today), overdue=_overdue(today))
    tagged = [("due_soon", i) for i in run.due_soon] + [("overdue", i) for i in run.overdue]
    addresses = _recipients([item for _kind, item in tagged])
    for kind, item in tagged:
        for address in addresses[item.pk]:
            run.messages.setdefault(address, []).append((kind, item))
    return run


def _message(address: str, entries: list[tuple[str, ActionItem]]) -> outbox.Message:
    site = settings.CCRHUB_SITE_URL.rstrip("/")
    lines = [
        {
            "kind": kind,
            "item": item,
            "url": site + reverse("meetings:action-detail", kwargs={"public_id": item.public_id}),
        }
        for kind, item in entries
    ]
    body = render_to_string("meetings/email/action_reminder.txt", {"lines": lines})
    return outbox.Message(_("CCR Hub: your action items"), body, to=[address])


def _mark(run: ReminderRun, today: datetime.date) -> None:
    ActionItem.objects.filter(pk__in=[i.pk for i in run.due_soon]).update(reminded_due_on=today)
    ActionItem.objects.filter(pk__in=[i.pk for i in run.overdue]).update(reminded_overdue_on=today)


def _plan(today: datetime.date) -> reminders.Plan:
    run = plan(today)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [_message(a, entries) for a, entries in sorted(run.messages.items())]
    return reminders.Plan(
        "action_item.reminders_run",
        messages=messages,
        counts=run.counts(),
        mark=lambda: _mark(run, today),
        found=run,
    )


def send_reminders(*, today: datetime.date | None = None, commit: bool = False) -> ReminderRun:
    """Plan the reminders; with `commit`, send them and remember they were sent."""
    day = today or timezone.localdate()
    found: ReminderRun = reminders.run(lambda: _plan(day), commit=commit).found
    return found
