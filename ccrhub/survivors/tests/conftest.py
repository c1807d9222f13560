"""Helpers of the survivor tests: a record of Riverbend Safe Harbor (the advocate's
agency), with an address that must never reach the police without a release."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.survivors import actions
from ccrhub.survivors.models import Release, Survivor

ADDRESS = "14 Quillfeather Lane, Riverbend"
SUBSTITUTE = "PO Box 4471, Capitol Station"
NAME = "Marisol Vantongeren"


def make_survivor(personas: Any, **fields: Any) -> Survivor:
    values = {"name": NAME, "address": ADDRESS, "phone": "555-0142", **fields}
    return actions.create_survivor(personas.vsp, actor=personas.advocate, **values)


def release(
    personas: Any,
    survivor: Survivor,
    *,
    to: Any = None,
    categories: Any = ("address",),
    **extra: Any,
) -> Release:
    now = timezone.now()
    values: dict[str, Any] = {
        "recipient_agency": to or personas.police,
        "categories": list(categories),
        "purpose": "Safety planning with the DV unit",
        "signed_at": now - datetime.timedelta(hours=1),
        "expires_at": now + datetime.timedelta(days=30),
        "told_not_condition_of_service": True,
        **extra,
    }
    return actions.record_release(survivor, actor=personas.advocate, **values)


@pytest.fixture
def survivor(personas: Any) -> Survivor:
    return make_survivor(personas)
