"""The demo county has cases (one the party officer is party to); synthetic data scales."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ccrhub.accounts.demo import PERSONAS_BY_KEY
from ccrhub.accounts.models import User
from ccrhub.accounts.restrictions import restricted_against
from ccrhub.cases.demo import DEMO_CASES, PARTY_CASE
from ccrhub.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.mark.fresh_database
def test_seed_demo_opens_cases_and_hides_one_from_the_party_officer(settings: Any) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    party_officer = User.objects.get(email=PERSONAS_BY_KEY["party_officer"].email)
    party_case = Case.objects.get(external_ref=PARTY_CASE[0])
    assert restricted_against(party_officer, party_case)
    assert set(Case.objects.values_list("external_ref", flat=True)) == {
        ref for ref, _, _ in (*DEMO_CASES, PARTY_CASE)
    }
    repeat = Case.objects.filter(external_ref__in=["RPD-2026-0114", "RPD-2026-0519"])
    assert len({c.offender_key for c in repeat}) == 1
    whole = Case.objects.get(external_ref="RPD-2026-0114")
    stages = set(whole.events.values_list("stage", flat=True))
    assert {"incident", "arrest", "charge_filed", "sentence", "bip_referral"} <= stages
    assert "bip_enrolment" not in stages  # the gap the timeline shows
    assert whole.violations.filter(responses__isnull=True).count() == 1


def test_synthetic_cases_are_made_in_the_number_asked_with_repeat_offenders(settings: Any) -> None:
    settings.DEBUG = True
    call_command("generate_synthetic", "--cases", "3000", "--seed", "5", stdout=StringIO())
    cases = Case.objects.filter(external_ref__startswith="S5-")
    assert cases.count() == 3000
    offenders = cases.values("offender_key").distinct().count()
    assert 1500 < offenders < 2500
