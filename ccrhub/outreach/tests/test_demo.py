"""The demo county's outreach: six activities, one socio-ecological level left empty."""

import pytest

from ccrhub.outreach.demo import ACTIVITIES, seed_demo_outreach
from ccrhub.outreach.models import Activity
from ccrhub.outreach.queries import coverage_of
from ccrhub.partners.demo import DEMO_PARTS

pytestmark = pytest.mark.django_db


def test_the_demo_ccr_has_six_activities_and_a_relationship_level_gap(personas) -> None:
    assert seed_demo_outreach in DEMO_PARTS
    seed_demo_outreach(personas.county)
    assert set(
        Activity.objects.filter(collaborative=personas.ccr).values_list("title", flat=True)
    ) == {title for title, *_ in ACTIVITIES}
    coverage = coverage_of(personas.ccr)
    assert [row.level for row in coverage.gaps] == ["relationship"]
    assert {"event", "campaign", "training"} == set(Activity.objects.values_list("kind", flat=True))
