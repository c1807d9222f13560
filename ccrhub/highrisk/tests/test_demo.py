"""The demo county's high-risk team: a held conference with actions in every status,
and an upcoming one with a repeat, a case with children and returns partly in."""

from typing import Any

import pytest

from ccrhub.highrisk.demo import seed_demo_highrisk
from ccrhub.highrisk.models import Action, Conference, Referral, ResearchReturn
from ccrhub.highrisk.queries import missing_returns
from ccrhub.partners.demo import DEMO_PARTS

pytestmark = pytest.mark.django_db


def test_the_demo_team_has_a_held_and_an_upcoming_conference(personas: Any) -> None:
    assert seed_demo_highrisk in DEMO_PARTS
    seed_demo_highrisk(personas.county)
    held, upcoming = Conference.objects.order_by("held_on")
    assert held.status == "held" and upcoming.status == "planned"
    assert set(Action.objects.values_list("status", flat=True)) == {
        "open",
        "complete",
        "not_possible",
        "not_done",
    }
    assert Referral.objects.filter(is_repeat=True).count() == 1
    assert Referral.objects.filter(children_count__gt=0, listings__conference=upcoming).exists()
    first = upcoming.cases.order_by("position").first()
    assert first is not None and first.has_children
    missing = missing_returns(upcoming)
    assert personas.police.pk not in missing and personas.vsp.pk in missing


@pytest.mark.parametrize(("jurisdiction", "word"), [("us", "victim advocate"), ("uk", "IDVA")])
def test_the_demo_returns_use_the_jurisdictions_word_for_the_advocate(
    personas: Any, settings: Any, jurisdiction: str, word: str
) -> None:
    settings.JURISDICTION = jurisdiction
    seed_demo_highrisk(personas.county)
    contents = [str(r.content) for r in ResearchReturn.objects.all()]
    assert any(word in content for content in contents)
    if jurisdiction == "us":
        assert not any("IDVA" in content for content in contents)
