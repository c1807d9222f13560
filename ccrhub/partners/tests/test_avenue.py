"""The avenue tool: join, sub-group or new group, with reasons; saved and printable."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccrhub.audit.models import AuditEvent
from ccrhub.partners.avenue import QUESTIONS, recommend
from ccrhub.partners.models import AvenueAssessment
from ccrhub.partners.tests.test_support import County, build_county, login

JOIN_ANSWERS = {
    "purposes": "wholly",
    "does_organising": "yes",
    "partners": "same",
    "duplication": "yes",
    "true_collaboration": "yes",
    "attention_elsewhere": "no",
    "existing_kind": "other",
}
SUBGROUP_ANSWERS = {
    "purposes": "partly",
    "does_organising": "no",
    "partners": "overlapping",
    "duplication": "unsure",
    "true_collaboration": "unsure",
    "attention_elsewhere": "yes",
    "existing_kind": "ccr",
}
NEW_GROUP_ANSWERS = {
    "purposes": "not",
    "does_organising": "no",
    "partners": "different",
    "duplication": "no",
    "true_collaboration": "no",
    "attention_elsewhere": "yes",
    "existing_kind": "sart",
}


@pytest.mark.parametrize(
    ("answers", "outcome", "reason_fragment"),
    [
        (JOIN_ANSWERS, "join", "align wholly"),
        (SUBGROUP_ANSWERS, "subgroup", "attention on other work"),
        (NEW_GROUP_ANSWERS, "new_group", "make sure they support it"),
    ],
)
def test_three_answer_sets_give_the_three_avenues(
    answers: dict[str, str], outcome: str, reason_fragment: str
) -> None:
    recommendation = recommend(answers)
    assert recommendation.outcome == outcome
    assert any(reason_fragment in r for r in recommendation.reasons)


def test_a_ccr_or_sart_is_flagged_as_often_not_the_home_for_organising() -> None:
    reasons = recommend(SUBGROUP_ANSWERS).reasons
    assert any("CCRs and SARTs coordinate systems" in r for r in reasons)


def test_a_group_that_neither_organises_nor_collaborates_is_no_fit() -> None:
    answers = {**SUBGROUP_ANSWERS, "true_collaboration": "no"}
    assert recommend(answers).outcome == "new_group"


answer_sets = st.fixed_dictionaries(
    {q.key: st.sampled_from([code for code, _ in q.choices]) for q in QUESTIONS}
)


@given(answer_sets)
def test_every_answer_set_gets_an_avenue_and_reasons(answers: dict[str, str]) -> None:
    recommendation = recommend(answers)
    assert recommendation.outcome in {"join", "subgroup", "new_group"}
    assert recommendation.reasons


@given(answer_sets)
def test_join_only_when_all_the_conditions_for_joining_hold(answers: dict[str, str]) -> None:
    joins = recommend(answers).outcome == "join"
    conditions = (
        answers["purposes"] == "wholly"
        and answers["does_organising"] == "yes"
        and answers["partners"] == "same"
        and answers["true_collaboration"] == "yes"
        and answers["duplication"] != "no"
    )
    assert joins == conditions


@given(answer_sets)
def test_no_overlap_in_purposes_always_means_a_new_group(answers: dict[str, str]) -> None:
    answers = {**answers, "purposes": "not"}
    assert recommend(answers).outcome == "new_group"


def test_unknown_or_missing_answers_are_treated_as_neutral() -> None:
    assert recommend({"purposes": "DROP TABLE", "is_staff": True}).outcome in {
        "subgroup",
        "new_group",
    }


@pytest.fixture
def county(db: None) -> County:
    return build_county()


def test_member_records_an_assessment_and_sees_the_result(county: County) -> None:
    client = login(county.officer)
    assert client.get("/partners/avenue/new").status_code == 200
    response = client.post(
        "/partners/avenue/new",
        {
            **SUBGROUP_ANSWERS,
            "collaborative": str(county.ccr.public_id),
            "existing_name": "County SART",
            "outcome": "join",  # ignored: the outcome is computed
            "created_by": str(county.coordinator.pk),
        },
    )
    assert response.status_code == 302
    assessment = AvenueAssessment.objects.get()
    assert assessment.outcome == "subgroup"
    assert assessment.created_by == county.officer
    assert assessment.collaborative == county.ccr
    assert AuditEvent.objects.filter(action="avenue.assessed").exists()
    page = client.get(response["Location"])
    assert b"Form a sub-group" in page.content
    assert b"app-no-print" in page.content  # the page prints without its links
    listing = client.get("/partners/avenue/")
    assert b"County SART" in listing.content


def test_assessment_form_keeps_answers_on_error(county: County) -> None:
    response = login(county.officer).post(
        "/partners/avenue/new", {**JOIN_ANSWERS, "existing_name": ""}
    )
    assert response.status_code == 200
    assert b'value="wholly" checked' in response.content
    assert b"Choose the existing collaborative" in response.content


def test_colleagues_see_the_assessment_outsiders_do_not(county: County) -> None:
    login(county.officer).post(
        "/partners/avenue/new",
        {**JOIN_ANSWERS, "collaborative": str(county.ccr.public_id), "existing_name": "X"},
    )
    assessment = AvenueAssessment.objects.get()
    url = f"/partners/avenue/{assessment.public_id}/"
    assert login(county.prosecutor).get(url).status_code == 200
    assert login(county.outsider).get(url).status_code == 404
    assert login(county.analyst).get(url).status_code == 404  # analysts do not use the tool


def test_cannot_record_into_a_collaborative_of_someone_else(county: County) -> None:
    response = login(county.officer).post(
        "/partners/avenue/new",
        {**JOIN_ANSWERS, "collaborative": str(county.sart.public_id), "existing_name": "X"},
    )
    assert response.status_code == 200  # not a valid choice
    assert not AvenueAssessment.objects.exists()
