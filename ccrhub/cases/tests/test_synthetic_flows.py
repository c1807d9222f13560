"""Synthetic flows: events in the number and with the attrition a real CCR would show."""

from typing import Any

import pytest
from django.db.models import Count

import ccrhub.cases.synthetic  # noqa: F401  (registers the cases part)
from ccrhub.cases.metrics import funnel, measures
from ccrhub.cases.models import Case, Event, Order, Violation, ViolationResponse
from ccrhub.partners.models import Collaborative
from ccrhub.partners.synthetic import generate_synthetic

pytestmark = pytest.mark.django_db


def cases_at(stage: str, **outcome: Any) -> int:
    return Event.objects.filter(stage=stage, **outcome).values("case").distinct().count()


def test_synthetic_cases_follow_realistic_flows_near_the_published_rates() -> None:
    ctx = generate_synthetic(cases=4000, seed=11)
    assert Case.objects.count() == 4000 == ctx.counts["cases"]
    assert Event.objects.count() == ctx.counts["events"]
    assert 3 * 4000 < ctx.counts["events"] < 6 * 4000
    incidents = cases_at("incident")
    arrests = cases_at("arrest")
    charged = cases_at("charge_filed")
    convicted = cases_at("disposition", outcome__startswith="convicted")
    referred, completed = cases_at("bip_referral"), cases_at("bip_completion")
    assert incidents == 4000
    assert 0.45 < arrests / incidents < 0.55
    assert 0.58 < charged / arrests < 0.70
    assert 0.30 < convicted / arrests < 0.50
    assert 0.40 < completed / referred < 0.62
    assert cases_at("bip_termination") > 0 and cases_at("charge_declined") > 0
    assert Order.objects.count() > 0 and Order.objects.filter(served_on__isnull=True).exists()
    assert Violation.objects.count() > 0
    assert 0 < ViolationResponse.objects.count() < Violation.objects.count()
    sexes = dict(Case.objects.values_list("offender_sex").annotate(n=Count("id")))
    assert sexes["male"] > sexes["female"] > 0


def test_the_funnel_and_measures_of_synthetic_data_are_clean() -> None:
    generate_synthetic(cases=2000, seed=12)
    collaborative = Collaborative.objects.get(pk=Case.objects.values_list("collaborative")[0][0])
    result = funnel(collaborative)
    counts = [s["count"] for s in result["stages"]]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2000
    assert result["data_quality"] == []
    named = {m["name"]: m for m in measures(collaborative)["measures"]}
    assert 0.4 < named["arrest_rate"]["value"] < 0.6
    assert named["violation_response_days"]["value"] is not None
