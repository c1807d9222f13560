"""The scoring rules, checked against an independent statement of them.

The statements below are written from DOMAIN.md §3, not from the engine: DASH counts
the "yes" answers and 14 or more is visible high risk; the LAP screen screens in on
any "yes" to questions 1–3, or on four or more "yes" among questions 4–11.
"""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccrhub.risk import instruments

DASH_ANSWERS = st.sampled_from(["yes", "no", "dont_know", "not_answered"])
LAP_ANSWERS = st.sampled_from(["yes", "no", "not_answered"])


def dash_rule(answers: list[str]) -> tuple[int, bool]:
    yes = answers.count("yes")
    return yes, yes >= 14


def dash_band(yes: int) -> str:
    return "high" if yes >= 14 else "medium" if yes >= 10 else "standard"


def lap_rule(answers: list[str]) -> bool:
    first_three = answers[0:3]
    rest = answers[3:11]
    return "yes" in first_three or rest.count("yes") >= 4


def as_mapping(answers: list[str]) -> dict[str, str]:
    return {f"q{number}": answer for number, answer in enumerate(answers, start=1)}


RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)


@RELAXED
@given(st.lists(DASH_ANSWERS, min_size=24, max_size=24))
def test_dash_scores_every_answer_set_as_the_rule_says(answers: list[str]) -> None:
    dash = instruments.get("dash")
    yes, high = dash_rule(answers)
    assert dash.score(as_mapping(answers)) == yes
    assert dash.meets_threshold(as_mapping(answers)) is high
    assert dash.band(yes) == dash_band(yes)


@RELAXED
@given(st.lists(LAP_ANSWERS, min_size=11, max_size=11))
def test_lap_screens_every_answer_set_as_the_rule_says(answers: list[str]) -> None:
    lap = instruments.get("lap")
    screened_in = lap_rule(answers)
    assert lap.meets_threshold(as_mapping(answers)) is screened_in
    score, band, met = lap.outcome(as_mapping(answers))
    assert met is screened_in
    assert band == ("screened_in" if screened_in else "not_screened_in")
    assert score == answers.count("yes")


def test_dash_fourteen_yes_meets_the_threshold_and_thirteen_does_not() -> None:
    dash = instruments.get("dash")
    assert dash.meets_threshold({f"q{n}": "yes" for n in range(1, 15)})
    assert not dash.meets_threshold({f"q{n}": "yes" for n in range(1, 14)})


@pytest.mark.parametrize("item", ["q1", "q2", "q3"])
def test_lap_one_yes_among_the_first_three_screens_in(item: str) -> None:
    assert instruments.get("lap").meets_threshold({item: "yes"})


def test_lap_four_yes_among_four_to_eleven_screen_in_and_three_do_not() -> None:
    lap = instruments.get("lap")
    assert lap.meets_threshold({"q4": "yes", "q7": "yes", "q9": "yes", "q11": "yes"})
    assert not lap.meets_threshold({"q4": "yes", "q7": "yes", "q11": "yes"})


def test_shorthand_and_detailed_answers_agree() -> None:
    dash = instruments.get("dash")
    detailed = {"q1": {"answer": "yes", "source": "victim", "comment": "bruising"}}
    assert dash.score(detailed) == dash.score({"q1": "yes"}) == 1
    assert dash.normalise(detailed)["q1"]["source"] == "victim"
    assert dash.normalise({"q2": "unknown"})["q2"]["answer"] == "dont_know"


def test_unknown_items_and_answers_are_refused() -> None:
    dash = instruments.get("dash")
    with pytest.raises(instruments.InstrumentError):
        dash.score({"q25": "yes"})
    with pytest.raises(instruments.InstrumentError):
        instruments.get("lap").score({"q1": "dont_know"})
    with pytest.raises(instruments.InstrumentError):
        instruments.get("no-such-instrument")


def test_schema_only_instruments_list_factors_but_do_not_score() -> None:
    for instrument_id in ("danger_assessment", "odara", "b_safer"):
        instrument = instruments.get(instrument_id)
        assert instrument.schema_only and instrument.items
        with pytest.raises(instruments.NotScorable):
            instrument.score({})


def test_local_dash_bands_follow_the_setting(django_settings: Any) -> None:
    django_settings.RISK_DASH_BANDS = (8, 14)
    assert instruments.get("dash").band(9) == "medium"
    django_settings.RISK_DASH_BANDS = (10, 14)
    assert instruments.get("dash").band(9) == "standard"


def test_every_definition_carries_version_language_and_licence() -> None:
    for instrument in instruments.all_instruments():
        assert instrument.version and instrument.language and instrument.licence_ref
        ids = instrument.item_ids
        assert len(ids) == len(set(ids))
    assert len(instruments.get("dash").items) == 24
    assert len(instruments.get("lap").items) == 11


@pytest.fixture
def django_settings(settings: Any) -> Any:
    return settings
