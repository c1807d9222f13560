"""Helpers of the high-risk tests: a survivor of Riverbend Safe Harbor with a DASH at
visible high risk, referrals of pairs, a conference with its agenda."""

import datetime
from typing import Any

import pytest

from ccrhub.audit.models import AuditEvent
from ccrhub.highrisk import actions
from ccrhub.highrisk.models import Conference, Referral
from ccrhub.risk.actions import record_assessment
from ccrhub.risk.models import Assessment
from ccrhub.survivors.actions import create_survivor
from ccrhub.survivors.models import Survivor

ADDRESS = "41 Larkspur Lane, Riverbend"
DAY = datetime.date(2026, 3, 2)


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events(since: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(pk__gt=since, action__startswith="highrisk.").order_by("pk")
    )


def survivor_of(personas: Any, **fields: Any) -> Survivor:
    values = {
        "name": "Maria Lopez",
        "date_of_birth": "1990-04-12",
        "address": ADDRESS,
        "safe_contact": "Sister, evenings",
    }
    values.update(fields)
    return create_survivor(personas.vsp, actor=personas.advocate, **values)


def dash(personas: Any, survivor: Survivor, *, yes: int = 15, **kwargs: Any) -> Assessment:
    answers = {f"q{n}": "yes" if n <= yes else "no" for n in range(1, 25)}
    return record_assessment(
        survivor,
        "dash",
        answers,
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=kwargs.pop("assessed_on", DAY),
        **kwargs,
    )


def refer(personas: Any, *, on: datetime.date = DAY, **overrides: Any) -> Referral:
    """A referral by the advocate to the high-risk team, on professional judgement."""
    fields: dict[str, Any] = {
        "victim_ref": "Maria Lopez 1990-04-12",
        "perpetrator_ref": "Dan Lopez 1988-01-30",
        "referred_on": on,
        "professional_judgement": True,
        "judgement_reasons": "Escalating threats after separation.",
        "victim_knows": True,
        "consented": True,
    }
    fields.update(overrides)
    return actions.refer_to_conference(personas.marac, actor=personas.advocate, **fields)


def conference(personas: Any, *, on: datetime.date = datetime.date(2026, 3, 12)) -> Conference:
    return actions.schedule_conference(
        personas.marac, held_on=on, cadence="monthly", actor=personas.coordinator
    )


@pytest.fixture
def survivor(personas: Any) -> Survivor:
    return survivor_of(personas)
