"""Recording assessments: the outcome comes from the instrument; professional judgement
lifts a referral (with reasons) and never lowers one; the survivor's history stays in
the assessing agency's compartment."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccrhub.audit.models import AuditEvent
from ccrhub.risk.actions import record_assessment
from ccrhub.survivors.actions import create_survivor, report_incident

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 2)


def yes(count: int) -> dict[str, str]:
    return {f"q{n}": "yes" for n in range(1, count + 1)}


@pytest.fixture
def survivor(personas: Any) -> Any:
    return create_survivor(personas.vsp, actor=personas.advocate)


def assess(personas: Any, survivor: Any, answers: Any, **extra: Any) -> Any:
    return record_assessment(
        survivor,
        "dash",
        answers,
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=ON,
        **extra,
    )


def test_fourteen_yes_meet_the_dash_threshold(personas: Any, survivor: Any) -> None:
    assessment = assess(personas, survivor, yes(14))
    assert (assessment.score, assessment.band, assessment.meets_threshold) == (14, "high", True)
    assert assessment.instrument_version == "2014" and assessment.licence_ref
    assert assessment.language == "en"


def test_professional_judgement_lifts_thirteen_to_a_referral(personas: Any, survivor: Any) -> None:
    plain = assess(personas, survivor, yes(13))
    assert not plain.meets_threshold and not plain.referral_indicated
    lifted = assess(
        personas,
        survivor,
        yes(13),
        judgement_raised=True,
        judgement_reasons="Recent escalation reported by the survivor's sister.",
    )
    assert (lifted.score, lifted.band, lifted.meets_threshold) == (13, "medium", False)
    assert lifted.referral_indicated


def test_judgement_needs_reasons(personas: Any, survivor: Any) -> None:
    with pytest.raises(ValidationError) as error:
        assess(personas, survivor, yes(13), judgement_raised=True, judgement_reasons="  ")
    assert "judgement_reasons" in error.value.message_dict


def test_judgement_cannot_lower_twenty(personas: Any, survivor: Any) -> None:
    # There is no way to ask for a lower outcome; whatever judgement says, 20 refers.
    for raised in (False, True):
        assessment = assess(
            personas, survivor, yes(20), judgement_raised=raised, judgement_reasons="n/a"
        )
        assert assessment.meets_threshold and assessment.referral_indicated


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(count=st.integers(min_value=0, max_value=24), raised=st.booleans())
def test_referral_is_threshold_or_judgement_never_less(
    personas: Any, survivor: Any, count: int, raised: bool
) -> None:
    assessment = assess(
        personas, survivor, yes(count), judgement_raised=raised, judgement_reasons="reasons"
    )
    assert assessment.meets_threshold is (count >= 14)
    assert assessment.referral_indicated is (count >= 14 or raised)


def test_lap_screen_records_screened_in(personas: Any, survivor: Any) -> None:
    assessment = record_assessment(
        survivor, "lap", {"q2": "yes"}, actor=personas.advocate, agency=personas.vsp, assessed_on=ON
    )
    assert assessment.meets_threshold and assessment.band == "screened_in"


def test_another_agency_cannot_assess_the_record(personas: Any, survivor: Any) -> None:
    with pytest.raises(PermissionDenied):
        record_assessment(
            survivor,
            "dash",
            yes(3),
            actor=personas.police_officer,
            agency=personas.police,
            assessed_on=ON,
        )


def test_the_audit_row_holds_the_outcome_not_the_answers(personas: Any, survivor: Any) -> None:
    assess(personas, survivor, {"q1": {"answer": "yes", "comment": "bruised left arm"}})
    event = AuditEvent.objects.get(action="risk.assessed")
    assert event.details["score"] == 1
    assert "bruised" not in str(event.details)


def test_a_new_incident_makes_a_reassessment_due_until_the_next_assessment(
    personas: Any, survivor: Any
) -> None:
    from ccrhub.risk.queries import reassessments_due

    report_incident(survivor, actor=personas.advocate)
    assert [due.reason for due in reassessments_due(agency_id=personas.vsp.pk)] == ["incident"]
    assess(personas, survivor, yes(2))
    survivor.refresh_from_db()
    assert not survivor.reassessment_due


def test_an_old_assessment_is_due_after_the_configured_days(
    personas: Any, survivor: Any, settings: Any
) -> None:
    from ccrhub.risk.queries import reassessments_due

    settings.RISK_REASSESS_DAYS = 30
    assess(personas, survivor, yes(2))
    today = ON + datetime.timedelta(days=29)
    assert reassessments_due(agency_id=personas.vsp.pk, today=today) == []
    later = reassessments_due(agency_id=personas.vsp.pk, today=ON + datetime.timedelta(days=30))
    assert [due.reason for due in later] == ["interval"]
