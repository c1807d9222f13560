"""S23: no exported cell starts like a formula, whatever hides in front of it."""

from hypothesis import given
from hypothesis import strategies as st

from ccrhub.lib.tabular import FORMULA_START, safe_cell

HIDING = st.text(alphabet=" \ufeff\u00a0\u200b\x00\x01\x0b\x0c\x1f", max_size=4)


@given(lead=HIDING, start=st.sampled_from(FORMULA_START), rest=st.text(max_size=20))
def test_a_formula_start_behind_anything_is_quoted(lead: str, start: str, rest: str) -> None:
    assert safe_cell(lead + start + rest) == "'" + lead + start + rest


ORDINARY = st.characters(blacklist_characters="=+-@|%", blacklist_categories=("Cc", "Zs", "Cf"))


@given(text=st.text(alphabet=ORDINARY, min_size=1))
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(3.5) == 3.5
