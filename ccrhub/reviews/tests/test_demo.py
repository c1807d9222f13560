from typing import Any

import pytest

from ccrhub.reviews.models import Method, RecommendationStatus, Review

pytestmark = pytest.mark.django_db


def test_demo_meets_the_acceptance(personas: Any) -> None:
    from ccrhub.reviews.demo import seed_demo_reviews

    seed_demo_reviews(personas.county)
    audit = Review.objects.get(kind="audit")
    assert audit.findings.count() >= 5
    assert len({f.method for f in audit.findings.all()}) >= 3
    assert set(audit.recommendations.values_list("status", flat=True)) == set(
        RecommendationStatus.values
    )
    death = Review.objects.get(kind="death")
    assert death.entries.values("agency").distinct().count() == 3
    assert death.status == "published"
    assert Method.values
