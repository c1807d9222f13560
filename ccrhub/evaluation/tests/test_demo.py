"""The demo county's evaluation: three goals, computed and hand-entered indicators, a
review, two stories and a public report."""

import pytest

from ccrhub.evaluation.demo import seed_demo_evaluation
from ccrhub.evaluation.models import Goal, Indicator, ProgressReview, Story
from ccrhub.evaluation.queries import public_collaborative
from ccrhub.partners.demo import DEMO_PARTS

pytestmark = pytest.mark.django_db


def test_riverbend_has_goals_indicators_a_review_and_stories(demo_evaluation) -> None:
    assert seed_demo_evaluation in DEMO_PARTS
    p = demo_evaluation
    assert Goal.objects.filter(collaborative=p.ccr).count() == 3
    sources = set(Indicator.objects.values_list("source", flat=True))
    assert sources == {"computed", "manual"}
    assert ProgressReview.objects.filter(collaborative=p.ccr).count() == 1
    assert set(Story.objects.values_list("language", flat=True)) == {"en", "es"}
    assert public_collaborative() == p.ccr
