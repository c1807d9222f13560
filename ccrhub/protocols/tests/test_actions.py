"""The protocol actions, called directly: drafting, review, adoption (by the coordinator
or by a meetings decision), signing and retiring, each with its audit row."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.meetings.models import Decision
from ccrhub.protocols import actions
from ccrhub.protocols.models import Adoption, ProtocolVersion, Status, VersionStatus
from ccrhub.protocols.queries import retraining_required
from ccrhub.protocols.tests.conftest import (
    V2,
    adopt,
    draft,
    last_event_id,
    new_events,
    new_version,
    sign,
)

pytestmark = pytest.mark.django_db


def test_creating_a_protocol_makes_a_first_draft_and_audits_without_its_title(personas) -> None:
    since = last_event_id()
    protocol = draft(personas)
    [version] = protocol.versions.all()
    assert (version.number, version.status, protocol.status) == (1, "draft", "draft")
    [event] = new_events(since)
    assert event.action == "protocol.created" and event.collaborative_id == personas.ccr.pk
    assert "Arrest" not in str(event.details)


def test_only_the_coordinator_creates_protocols(personas) -> None:
    for persona in (personas.community_member, personas.agency_admin, personas.outsider):
        with pytest.raises(PermissionDenied):
            actions.create_protocol(personas.ccr, actor=persona, kind="policy", title="T", text="x")


def test_adopting_a_second_version_supersedes_the_first(personas) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    first = protocol.current_version
    new_version(protocol, personas.coordinator, V2)
    assert protocol.status == Status.ADOPTED  # version 1 stays in force meanwhile
    since = last_event_id()
    adopt(protocol, personas.coordinator)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert protocol.current_version.number == 2 and protocol.current_version.text == V2
    assert [e.action for e in new_events(since)] == ["protocol.submitted", "protocol.adopted"]


def test_a_draft_must_go_through_review_before_the_coordinator_adopts_it(personas) -> None:
    protocol = draft(personas)
    with pytest.raises(ValidationError):
        actions.adopt_version(protocol, actor=personas.coordinator, version=protocol.version)
    assert protocol.versions.get().status == VersionStatus.DRAFT


def test_a_stale_draft_save_changes_nothing(personas) -> None:
    protocol = draft(personas)
    read = protocol.version
    new_version(protocol, personas.coordinator, "First editor's text")
    protocol.refresh_from_db()
    with pytest.raises(StaleVersion):
        actions.save_draft(
            protocol,
            actor=personas.coordinator,
            version=read,
            kind="protocol",
            title="Second editor's title",
            text="Second editor's text",
            change_summary="",
            review_due_on=None,
            governed_stages=[],
            retraining_roles=[],
        )
    protocol.refresh_from_db()
    assert protocol.title == "Arrest and response protocol"
    assert protocol.versions.get().text == "First editor's text"


def test_unknown_stage_codes_are_refused(personas) -> None:
    with pytest.raises(ValidationError):
        draft(personas, governed_stages=["not_a_stage"])


def test_the_agency_admin_signs_for_his_own_agency_only_and_once(personas) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    since = last_event_id()
    sign(protocol, personas.agency_admin, personas.police)
    with pytest.raises(ValidationError):
        sign(protocol, personas.agency_admin, personas.police)
    with pytest.raises(ValidationError):
        sign(protocol, personas.agency_admin, personas.vsp)
    with pytest.raises(PermissionDenied):
        sign(protocol, personas.police_officer, personas.police)
    assert list(Adoption.objects.values_list("agency_id", flat=True)) == [personas.police.pk]
    [event] = new_events(since)
    assert event.action == "protocol.signed"
    assert event.details["agency_id"] == str(personas.police.public_id)
    assert "Pat Quinn" not in str(event.details)


def test_the_coordinator_records_signatures_of_member_agencies_only(personas) -> None:
    protocol = draft(personas)
    with pytest.raises(ValidationError):  # nothing in force yet
        actions.sign_version(
            protocol.versions.get(),
            actor=personas.coordinator,
            agency=personas.vsp,
            signer_name="A",
            signer_title="B",
        )
    adopt(protocol, personas.coordinator)
    sign(protocol, personas.coordinator, personas.vsp)
    with pytest.raises(ValidationError):
        sign(protocol, personas.coordinator, personas.hospital)  # not a CCR member


def test_a_decision_that_closed_adopted_puts_the_version_in_force(personas) -> None:
    protocol = draft(personas)
    version = protocol.versions.get()
    decision = Decision.objects.create(
        collaborative=personas.ccr, title="Adopt the protocol", created_by=personas.coordinator
    )
    since = last_event_id()
    actions.adopt_version_by_decision(version, decision=decision)
    version.refresh_from_db()
    protocol.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.adopted_by_decision_id == decision.public_id
    assert protocol.current_version == version and protocol.status == Status.ADOPTED
    [event] = new_events(since)
    assert event.action == "protocol.adopted" and event.reason == "decision"
    assert event.details["decision_id"] == str(decision.public_id)


def test_a_decision_of_another_collaborative_cannot_adopt(personas) -> None:
    version = draft(personas).versions.get()
    decision = Decision.objects.create(collaborative=personas.sart, title="Adopt")
    with pytest.raises(ValidationError):
        actions.adopt_version_by_decision(version, decision=decision)
    assert ProtocolVersion.objects.get().status == VersionStatus.DRAFT


def test_retraining_required_names_the_roles_of_versions_in_force(personas) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    assert retraining_required(personas.ccr) == []
    new_version(
        protocol, personas.coordinator, V2, retraining_roles=["law_enforcement", "prosecution"]
    )
    assert retraining_required(personas.ccr) == []  # a draft asks nothing yet
    adopt(protocol, personas.coordinator)
    assert retraining_required(personas.ccr) == [
        ("Arrest and response protocol", 2, ["Law enforcement", "Prosecution"])
    ]


def test_a_retired_protocol_cannot_be_changed(personas: Any) -> None:
    protocol = draft(personas)
    actions.retire_protocol(protocol, actor=personas.coordinator, version=protocol.version)
    assert protocol.status == Status.RETIRED
    with pytest.raises(ValidationError):
        new_version(protocol, personas.coordinator, "x")


def test_the_same_decision_adopting_twice_changes_nothing_more(personas) -> None:
    version = draft(personas).versions.get()
    decision = Decision.objects.create(collaborative=personas.ccr, title="Adopt")
    actions.adopt_version_by_decision(version, decision=decision)
    since = last_event_id()
    actions.adopt_version_by_decision(version, decision=decision)
    assert new_events(since) == []
    other = Decision.objects.create(collaborative=personas.ccr, title="Adopt again")
    with pytest.raises(ValidationError):
        actions.adopt_version_by_decision(version, decision=other)


def test_closing_a_members_decision_as_adopted_puts_the_version_in_review_in_force(
    personas,
) -> None:
    from ccrhub.meetings import actions as meetings
    from ccrhub.meetings import adoption

    protocol = draft(personas)
    actions.submit_for_review(protocol, actor=personas.coordinator, version=protocol.version)
    version = protocol.versions.get()
    decision = meetings.create_decision(
        personas.ccr,
        title="Adopt the arrest protocol",
        voting_unit="person",
        actor=personas.coordinator,
    )
    decision = meetings.open_decision(decision, actor=personas.coordinator)
    # The closing form offers the version in review.
    assert adoption.describe(version) in dict(adoption.choices(personas.ccr.pk))

    meetings.close_decision(decision, outcome="adopted", adopts=version, actor=personas.coordinator)

    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.adopted_by_decision_id == decision.public_id
