"""The demo survivor compartment: two records, a release valid for the police address."""

from typing import Any

import pytest

from ccrhub.partners.demo import DEMO_PARTS
from ccrhub.risk.models import Assessment
from ccrhub.survivors.access import may_read_survivor
from ccrhub.survivors.demo import seed_demo_survivors
from ccrhub.survivors.models import Survivor

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_records_one_released_to_the_police(personas: Any) -> None:
    assert seed_demo_survivors in DEMO_PARTS
    seed_demo_survivors(personas.county)
    first, second = Survivor.objects.order_by("created_at", "pk")
    outcomes = {
        (a.score, a.meets_threshold, a.referral_indicated) for a in Assessment.objects.all()
    }
    assert outcomes == {(16, True, True), (12, False, True)}
    assert may_read_survivor(personas.police_officer, first, "address")
    assert not may_read_survivor(personas.police_officer, second, "contact")
    assert not may_read_survivor(personas.prosecutor, first, "address")
