"""Recording events: each agency its own stages, one row per identity, every change audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions
from ccrhub.cases.access import access_event
from ccrhub.cases.models import Event
from ccrhub.lib.concurrency import StaleVersion

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def audit_after(mark: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=mark).order_by("pk"))


def audit_mark() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_officer_records_an_arrest_for_her_department_and_it_is_audited(personas, ccr_case):
    mark = audit_mark()
    event = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, outcome="single", actor=personas.police_officer
    )
    assert (event.agency, event.source, event.version) == (personas.police, "entry", 1)
    assert event.created_by == personas.police_officer
    [row] = audit_after(mark)
    assert (row.action, row.object_id) == ("event.recorded", str(event.public_id))
    assert row.details == {"stage": "arrest", "source": "entry"}
    assert row.collaborative_id == personas.ccr.pk


def test_recording_the_same_event_again_updates_it_and_never_duplicates(personas, ccr_case):
    officer = personas.police_officer
    first = actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=officer)
    mark = audit_mark()
    again = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, outcome="dual", actor=officer
    )
    assert again.pk == first.pk and Event.objects.count() == 1
    assert (again.outcome, again.version) == ("dual", 2)
    assert [r.action for r in audit_after(mark)] == ["event.updated"]
    # The same row a third time changes nothing, not even the audit trail.
    mark = audit_mark()
    actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, outcome="dual", actor=officer)
    actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=officer)
    assert audit_after(mark) == []
    assert Event.objects.get().outcome == "dual"


def test_a_charge_track_keeps_parallel_events_apart(personas, ccr_case):
    officer = personas.prosecutor
    for track in ("", "C-1", "C-2"):
        actions.record_event(
            ccr_case, stage="charge_filed", occurred_on=DAY, track=track, actor=officer
        )
    assert Event.objects.filter(case=ccr_case).count() == 3


def test_unknown_stages_and_outcomes_are_refused(personas, ccr_case):
    officer = personas.police_officer
    with pytest.raises(ValidationError) as unknown:
        actions.record_event(ccr_case, stage="arraignment", occurred_on=DAY, actor=officer)
    assert "stage" in unknown.value.message_dict
    with pytest.raises(ValidationError) as wrong:
        actions.record_event(
            ccr_case, stage="arrest", occurred_on=DAY, outcome="acquitted", actor=officer
        )
    assert "outcome" in wrong.value.message_dict
    assert not Event.objects.exists()


def test_an_officer_cannot_record_a_disposition(personas, ccr_case):
    with pytest.raises(ValidationError) as error:
        actions.record_event(
            ccr_case, stage="disposition", occurred_on=DAY, actor=personas.police_officer
        )
    assert "stage" in error.value.message_dict


def test_a_prosecutor_cannot_record_for_the_police(personas, ccr_case):
    with pytest.raises(PermissionDenied):
        actions.record_event(
            ccr_case,
            stage="arrest",
            occurred_on=DAY,
            agency=personas.police,
            actor=personas.prosecutor,
        )


def test_the_coordinator_records_for_the_court_but_not_for_an_outside_agency(personas, ccr_case):
    event = actions.record_event(
        ccr_case,
        stage="disposition",
        occurred_on=DAY,
        outcome="convicted_plea",
        agency=personas.court,
        actor=personas.coordinator,
    )
    assert event.agency == personas.court
    with pytest.raises(ValidationError) as error:
        actions.record_event(
            ccr_case,
            stage="arrest",
            occurred_on=DAY,
            agency=personas.neighbour_police,
            actor=personas.coordinator,
        )
    assert "agency" in error.value.message_dict


def test_the_coordinator_must_name_an_agency_that_records_the_stage(personas, ccr_case):
    with pytest.raises(ValidationError):
        actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=personas.coordinator)


def test_analysts_and_advocates_record_nothing(personas, ccr_case):
    with pytest.raises(PermissionDenied):
        actions.record_event(ccr_case, stage="incident", occurred_on=DAY, actor=personas.analyst)
    with pytest.raises(ValidationError):
        actions.record_event(ccr_case, stage="incident", occurred_on=DAY, actor=personas.advocate)


def test_imports_carry_other_agencies_stages_from_a_system_of_record(personas, ccr_case):
    event = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, source="import", actor=personas.prosecutor
    )
    assert (event.agency, event.source) == (personas.prosecutor_office, "import")


def test_a_prosecutor_cannot_overwrite_a_police_event_through_its_identity(personas, ccr_case):
    actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=personas.police_officer)
    with pytest.raises(PermissionDenied):
        actions.record_event(
            ccr_case,
            stage="arrest",
            occurred_on=DAY,
            outcome="dual",
            source="import",
            actor=personas.prosecutor,
        )
    assert Event.objects.get().outcome == ""


def test_update_event_corrects_an_outcome_and_refuses_a_stale_version(personas, ccr_case):
    officer = personas.police_officer
    event = actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=officer)
    mark = audit_mark()
    event = actions.update_event(event, version=1, changes={"outcome": "warrant"}, actor=officer)
    assert (event.outcome, event.version) == ("warrant", 2)
    [row] = audit_after(mark)
    assert (row.action, row.details) == ("event.updated", {"fields": ["outcome"]})
    with pytest.raises(StaleVersion):
        actions.update_event(event, version=1, changes={"outcome": "none"}, actor=officer)
    event.refresh_from_db()
    assert event.outcome == "warrant"


def test_update_event_refuses_others_and_bad_changes(personas, ccr_case):
    event = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, actor=personas.police_officer
    )
    with pytest.raises(PermissionDenied):
        actions.update_event(
            event, version=1, changes={"outcome": "dual"}, actor=personas.prosecutor
        )
    with pytest.raises(ValidationError):
        actions.update_event(
            event, version=1, changes={"outcome": "fine"}, actor=personas.police_officer
        )
    with pytest.raises(ValueError):
        actions.update_event(
            event, version=1, changes={"stage": "booking"}, actor=personas.police_officer
        )
    # The coordinator may correct any agency's event.
    actions.update_event(event, version=1, changes={"outcome": "dual"}, actor=personas.coordinator)


def test_moving_an_event_onto_its_twin_is_refused(personas, ccr_case):
    officer = personas.police_officer
    actions.record_event(ccr_case, stage="arrest", occurred_on=DAY, actor=officer)
    later = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY + datetime.timedelta(days=1), actor=officer
    )
    with pytest.raises(ValidationError):
        actions.update_event(later, version=1, changes={"occurred_on": DAY}, actor=officer)


def test_officer_sees_every_event_of_a_visible_case_but_edits_only_police_ones(personas, ccr_case):
    arrest = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, actor=personas.police_officer
    )
    charge = actions.record_event(
        ccr_case, stage="charge_filed", occurred_on=DAY, actor=personas.prosecutor
    )
    officer = personas.police_officer
    assert access_event(officer, charge.public_id) == charge
    assert access_event(officer, arrest.public_id, write=True) == arrest
    with pytest.raises(PermissionDenied):
        access_event(officer, charge.public_id, write=True)
    with pytest.raises(PermissionDenied):
        access_event(personas.prosecutor, arrest.public_id, write=True)
    assert access_event(personas.coordinator, arrest.public_id, write=True) == arrest


def test_hidden_events_are_404_like_missing_ones(personas, ccr_case, party_case):
    event = actions.record_event(
        ccr_case, stage="arrest", occurred_on=DAY, actor=personas.police_officer
    )
    party_event = actions.record_event(
        party_case, stage="arrest", occurred_on=DAY, actor=personas.police_officer
    )
    for user, target in (
        (personas.outsider, event.public_id),
        (personas.analyst, event.public_id),
        (personas.community_member, event.public_id),
        (personas.party_officer, party_event.public_id),
        (personas.police_officer, "not-a-uuid"),
    ):
        with pytest.raises(Http404):
            access_event(user, target)
    assert AuditEvent.objects.filter(action="event.not_found").count() == 4
    assert AuditEvent.objects.filter(action="restricted.denied").count() == 1
