"""A case's timeline: every track (charges, orders, violations, the BIP) on one time axis.

Gaps are what a coordinator chases: a violation left without a response beyond the
configured limit, and a BIP referral not followed by enrolment within N days.
Four queries whatever the size of the case: events, orders, violations, responses.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.cases import stages
from ccrhub.cases.models import Case, Event, Order, Violation, ViolationResponse


@dataclass
class Entry:
    on: datetime.date
    track: str
    title: str
    agency: str = ""
    outcome: str = ""
    gap: str = ""  # why this entry is a gap, when it is one
    # The object an entry offers an action on: correct an event, answer a violation,
    # record service of an order.
    event: Event | None = None
    violation: Violation | None = None
    order: Order | None = None
    editable: bool = False  # set by the page for the user reading it


@dataclass
class Timeline:
    entries: list[Entry] = field(default_factory=list)
    gaps: list[Entry] = field(default_factory=list)

    @property
    def tracks(self) -> list[str]:
        return sorted({entry.track for entry in self.entries})


def _track_label(track: str) -> str:
    return _("Case") if not track else _("Track %(track)s") % {"track": track}


def _event_entries(events: list[Event]) -> list[Entry]:
    return [
        Entry(
            on=event.occurred_on,
            track=_track_label(event.track),
            title=stages.label(event.stage),
            agency=event.agency.name,
            outcome=stages.outcome_label(event.stage, event.outcome) if event.outcome else "",
            event=event,
        )
        for event in events
    ]


def _order_entries(orders: list[Order]) -> list[Entry]:
    entries = []
    for order in orders:
        track = _("Order: %(kind)s") % {"kind": order.get_kind_display()}
        if order.track:
            track = f"{track} ({order.track})"
        entries.append(
            Entry(order.issued_on, track, _("Issued"), order.issued_by.name, order=order)
        )
        if order.served_on:
            served_by = order.served_by.name if order.served_by else ""
            entries.append(Entry(order.served_on, track, _("Served"), served_by))
        if order.expires_on:
            entries.append(Entry(order.expires_on, track, _("Expires")))
    return entries


def _violation_entries(violations: list[Violation], today: datetime.date) -> list[Entry]:
    limit = stages.violation_response_days()
    track = _("Violations")
    entries = []
    for violation in violations:
        responses: list[ViolationResponse] = list(violation.responses.all())
        first = min((r.responded_on for r in responses), default=None)
        waited = ((first or today) - violation.detected_on).days
        gap = ""
        if first is None and waited > limit:
            gap = _("No response after %(days)d days (limit %(limit)d).") % {
                "days": waited,
                "limit": limit,
            }
        elif first is not None and waited > limit:
            gap = _("Answered after %(days)d days (limit %(limit)d).") % {
                "days": waited,
                "limit": limit,
            }
        title = violation.get_kind_display()
        agency = violation.reported_by.name
        entries.append(
            Entry(violation.detected_on, track, title, agency, gap=gap, violation=violation)
        )
        for response in responses:
            entries.append(
                Entry(
                    response.responded_on,
                    track,
                    _("Response: %(kind)s") % {"kind": response.get_kind_display()},
                    response.agency.name,
                )
            )
    return entries


def _bip_gaps(entries: list[Entry], events: list[Event], today: datetime.date) -> None:
    """Flag each BIP referral not followed, on its track, by enrolment within the limit."""
    limit = stages.bip_enrolment_days()
    by_event = {id(entry.event): entry for entry in entries if entry.event is not None}
    for referral in (e for e in events if e.stage == "bip_referral"):
        later = [
            e for e in events if e.track == referral.track and e.occurred_on >= referral.occurred_on
        ]
        enrolled = min((e.occurred_on for e in later if e.stage == "bip_enrolment"), default=None)
        ended = any(e.stage == "bip_termination" for e in later)
        waited = ((enrolled or today) - referral.occurred_on).days
        if waited <= limit or (enrolled is None and ended):
            continue
        message = (
            _("Not enrolled after %(days)d days (limit %(limit)d).")
            if enrolled is None
            else _("Enrolled after %(days)d days (limit %(limit)d).")
        )
        by_event[id(referral)].gap = message % {"days": waited, "limit": limit}


def case_timeline(case: Case, *, today: datetime.date | None = None) -> Timeline:
    """Everything that happened to the case, oldest first, with its gaps."""
    today = today or timezone.localdate()
    events = list(
        Event.objects.filter(case=case).select_related("agency").order_by("occurred_on", "id")
    )
    orders = list(Order.objects.filter(case=case).select_related("issued_by", "served_by"))
    responses = ViolationResponse.objects.select_related("agency").order_by("responded_on", "id")
    violations = list(
        Violation.objects.filter(case=case)
        .select_related("reported_by")
        .prefetch_related(Prefetch("responses", queryset=responses))
    )
    entries = _event_entries(events)
    _bip_gaps(entries, events, today)
    entries += _order_entries(orders) + _violation_entries(violations, today)
    entries.sort(key=lambda entry: entry.on)  # stable: same-day entries keep their order
    return Timeline(entries=entries, gaps=[entry for entry in entries if entry.gap])
