from typing import Any

import pytest

from ccrhub.reviews import actions
from ccrhub.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_demo_death_review_is_published_with_no_real_name_left(personas: Any) -> None:
    from ccrhub.reviews.demo import seed_demo_reviews

    seed_demo_reviews(personas.county)
    death = Review.objects.get(kind="death")
    assert death.status == "published"
    assert actions.remaining_places(death) == []
