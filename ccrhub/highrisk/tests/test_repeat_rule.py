"""The repeat rule: a further referral of the same victim–perpetrator pair within 12
calendar months of the pair's last referral is a repeat; later it is a new referral."""

import datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ccrhub.highrisk.models import twelve_months_after
from ccrhub.highrisk.queries import normalise_identifier, pair_key
from ccrhub.highrisk.tests.conftest import DAY, refer

pytestmark = pytest.mark.django_db


def test_a_referral_of_the_same_pair_eleven_months_later_is_a_repeat(personas: Any):
    first = refer(personas, on=datetime.date(2025, 4, 2))
    again = refer(personas, on=datetime.date(2026, 3, 2))
    assert not first.is_repeat
    assert again.is_repeat
    assert again.repeat_of == first
    assert "Repeat" in again.criteria_labels()


def test_thirteen_months_later_it_is_a_new_referral(personas: Any):
    refer(personas, on=datetime.date(2025, 2, 2))
    again = refer(personas, on=datetime.date(2026, 3, 2))
    assert not again.is_repeat
    assert again.previous_over_12_months


def test_the_twelve_months_run_from_the_last_referral_not_the_first(personas: Any):
    refer(personas, on=datetime.date(2024, 6, 1))
    refer(personas, on=datetime.date(2025, 5, 1))
    third = refer(personas, on=datetime.date(2026, 4, 1))
    assert third.is_repeat


def test_the_anniversary_itself_is_still_within_twelve_months(personas: Any):
    refer(personas, on=datetime.date(2025, 3, 2))
    assert refer(personas, on=datetime.date(2026, 3, 2)).is_repeat
    assert not refer(personas, on=datetime.date(2027, 3, 3)).is_repeat


def test_another_perpetrator_makes_another_pair(personas: Any):
    refer(personas, on=datetime.date(2025, 12, 1))
    other = refer(personas, perpetrator_ref="Someone Else 1970-01-01")
    assert not other.is_repeat


def test_a_repeat_is_heard_whatever_the_other_criteria(personas: Any):
    refer(personas, on=datetime.date(2025, 12, 1))
    again = refer(personas, professional_judgement=False, judgement_reasons="")
    assert again.is_repeat


def test_spelling_of_the_identifiers_does_not_make_another_person(personas: Any):
    refer(personas, on=datetime.date(2025, 12, 1))
    again = refer(personas, victim_ref="  MARIA lópez, 1990/04/12 ")
    assert again.is_repeat


def test_the_pair_is_kept_only_as_a_keyed_hash(personas: Any):
    referral = refer(personas)
    assert len(referral.pair_key) == 64
    assert "maria" not in referral.pair_key.casefold()


def test_february_29_rolls_to_february_28():
    assert twelve_months_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_repeat_exactly_when_within_a_calendar_year(start: datetime.date, days: int):
    """The rule as a property of dates: within means on or before the anniversary."""
    later = start + datetime.timedelta(days=days)
    within = later <= twelve_months_after(start)
    assert within == (days <= (twelve_months_after(start) - start).days)
    assert (days <= 364) <= within  # under a year is always within


@given(st.text(min_size=1, max_size=40))
@example("\U0001d434")  # MATHEMATICAL ITALIC CAPITAL A: "A" after decomposition
def test_normalising_is_idempotent(value: str):
    once = normalise_identifier(value)
    assert normalise_identifier(once) == once


def test_pair_key_needs_both_identifiers():
    with pytest.raises(ValueError):
        pair_key("Maria", "  ")
    assert DAY
