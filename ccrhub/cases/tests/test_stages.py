"""The stage model as data: two variants with one set of canonical codes."""

import pytest

from ccrhub.cases import stages

CANONICAL = [
    "incident",
    "police_response",
    "report",
    "arrest",
    "booking",
    "charge_review",
    "charge_filed",
    "charge_declined",
    "diverted",
    "first_appearance",
    "pretrial_conditions",
    "protection_order_issued",
    "protection_order_served",
    "plea",
    "trial",
    "disposition",
    "sentence",
    "probation_start",
    "bip_referral",
    "bip_intake",
    "bip_enrolment",
    "bip_completion",
    "bip_termination",
    "violation",
    "violation_response",
    "closure",
]
MAIN_LINE = (
    "incident",
    "arrest",
    "charge_filed",
    "first_appearance",
    "disposition",
    "sentence",
    "probation_start",
    "bip_enrolment",
    "bip_completion",
)


@pytest.fixture(params=["us", "uk"])
def jurisdiction(request, settings) -> str:
    settings.JURISDICTION = request.param
    return str(request.param)


def test_both_variants_use_exactly_the_canonical_codes_in_order(jurisdiction):
    assert [s.code for s in stages.stages()] == CANONICAL


def test_the_main_line_runs_from_incident_to_bip_completion(jurisdiction):
    assert stages.main_line() == MAIN_LINE


def test_exits_are_the_branches_and_dismissals_exit_by_outcome(jurisdiction):
    assert set(stages.exits()) == {"charge_declined", "diverted", "bip_termination"}
    disposition = stages.stage("disposition")
    assert disposition.is_exit_outcome("dismissed") and disposition.is_exit_outcome("acquitted")
    assert not disposition.is_exit_outcome("convicted_plea")


def test_outcomes_are_checked_per_stage(jurisdiction):
    assert stages.is_valid_outcome("arrest", "dual")
    assert stages.is_valid_outcome("arrest", "")
    assert not stages.is_valid_outcome("arrest", "convicted_plea")
    assert stages.is_valid_outcome("sentence", "conditional_discharge")
    assert not stages.is_valid_outcome("incident", "single")
    assert not stages.is_valid_outcome("no_such_stage", "")
    outcomes = {c: stages.stage(c).outcome_codes for c in ("arrest", "disposition", "sentence")}
    assert outcomes == {
        "arrest": ("single", "dual", "none", "warrant"),
        "disposition": (
            "convicted_plea",
            "convicted_trial",
            "dismissed",
            "acquitted",
            "deferred",
            "reduced",
        ),
        "sentence": ("custody", "probation", "fine", "conditional_discharge", "other"),
    }


def test_police_record_incident_to_booking_and_courts_the_court_stages(jurisdiction):
    police = {s.code for s in stages.stages_for_sector("law_enforcement")}
    assert {"incident", "police_response", "report", "arrest", "booking"} <= police
    assert "disposition" not in police and "charge_filed" not in police
    prosecution = {s.code for s in stages.stages_for_sector("prosecution")}
    assert {"charge_review", "charge_filed", "charge_declined", "diverted"} <= prosecution
    courts = {s.code for s in stages.stages_for_sector("courts")}
    assert {"first_appearance", "plea", "trial", "disposition", "sentence"} <= courts
    assert {s.code for s in stages.stages_for_sector("bip")} >= {"bip_enrolment", "bip_completion"}


def test_an_unknown_stage_is_a_key_error():
    with pytest.raises(KeyError):
        stages.stage("arraignment")


def test_the_us_model_is_the_default_with_us_orders(settings):
    settings.JURISDICTION = "us"
    assert stages.model().jurisdiction == "us"
    assert stages.stage("charge_declined").label == "Charges declined"
    kinds = {o.kind for o in stages.order_kinds()}
    assert "protection_order" in kinds and "dvpn" not in kinds


def test_england_and_wales_speak_of_cps_nfa_and_notices_before_orders(settings):
    settings.JURISDICTION = "uk"
    assert stages.model().name == "England and Wales"
    assert "CPS" in stages.stage("charge_filed").label
    assert stages.stage("charge_declined").label == "No further action"
    assert stages.order_kind("dvpo").follows == "dvpn"
    assert stages.order_kind("dapo").follows == "dapn"
    assert "law_enforcement" in stages.order_kind("dvpn").sectors
    with pytest.raises(KeyError):
        stages.order_kind("temporary_protection_order")
    # Police give the notice, so they record the issue of a protection order here.
    assert "law_enforcement" in stages.stage("protection_order_issued").sectors


def test_each_variant_is_read_from_disk_once():
    stages.load.cache_clear()
    stages.load("us")
    stages.load("us")
    stages.load("uk")
    info = stages.load.cache_info()
    assert (info.misses, info.hits) == (2, 1)


def test_gap_limits_have_defaults_and_follow_settings(settings):
    assert stages.violation_response_days() == 7
    assert stages.bip_enrolment_days() == 30
    settings.CCRHUB_VIOLATION_RESPONSE_DAYS = 3
    settings.CCRHUB_BIP_ENROLMENT_DAYS = 14
    assert (stages.violation_response_days(), stages.bip_enrolment_days()) == (3, 14)
