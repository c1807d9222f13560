"""Edits the property tests of the stage firsts and of the maintained aggregates make to a
case's events behind the actions' back, as a records system's corrections would."""

import datetime

from django.db.models import QuerySet

from ccrhub.cases.models import Event


def move_first_event(events: QuerySet[Event], on: datetime.date) -> None:
    """The case's first recorded event moves to another day, unless that makes a twin."""
    first = events.order_by("pk").first()
    if first and not events.filter(stage=first.stage, track=first.track, occurred_on=on).exists():
        Event.objects.filter(pk=first.pk).update(occurred_on=on)


def restage_last_event(events: QuerySet[Event], stage: str) -> None:
    """The case's last recorded event becomes another stage, unless that makes a twin."""
    last = events.order_by("-pk").first()
    if (
        last
        and not events.filter(stage=stage, track=last.track, occurred_on=last.occurred_on).exists()
    ):
        Event.objects.filter(pk=last.pk).update(stage=stage)
