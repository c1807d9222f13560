"""Team foundations: a mission statement adopted by a decision, leadership terms that
end soon, and one-to-ones private to the coordinator who wrote them."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions as meetings
from ccrhub.partners import foundations_actions as actions
from ccrhub.partners.models import MissionStatus, Representative, Role

pytestmark = pytest.mark.django_db

TEXT = "Every agency in Riverbend responds so that survivors are safer."


def _put_to_vote(personas: Any, title: str = "Adopt the mission statement") -> Any:
    decision = meetings.create_decision(
        personas.ccr, title=title, voting_unit="person", actor=personas.coordinator
    )
    return meetings.open_decision(decision, actor=personas.coordinator)


def test_a_decision_adopts_a_proposed_mission_and_supersedes_the_last(personas: Any) -> None:
    coordinator = personas.coordinator
    first = actions.draft_mission_version(personas.ccr, text=TEXT, actor=coordinator)
    actions.propose_mission_version(first, actor=coordinator)
    meetings.close_decision(
        _put_to_vote(personas), outcome="adopted", adopts=first, actor=coordinator
    )
    second = actions.draft_mission_version(
        personas.ccr, text=TEXT + " Together.", actor=coordinator
    )
    assert second.number == 2
    actions.propose_mission_version(second, actor=coordinator)
    decision = meetings.close_decision(
        _put_to_vote(personas, "Adopt version 2"),
        outcome="adopted",
        adopts=second,
        actor=coordinator,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MissionStatus.SUPERSEDED
    assert second.status == MissionStatus.ADOPTED and second.adopted_by == decision
    assert decision.adopted == second
    event = AuditEvent.objects.filter(action="mission.adopted").latest("pk")
    assert event.details["number"] == 2 and "text" not in event.details


def test_a_decision_not_adopted_leaves_the_mission_proposed(personas: Any) -> None:
    version = actions.draft_mission_version(personas.ccr, text=TEXT, actor=personas.coordinator)
    actions.propose_mission_version(version, actor=personas.coordinator)
    decision = meetings.close_decision(
        _put_to_vote(personas), outcome="deferred", adopts=version, actor=personas.coordinator
    )
    version.refresh_from_db()
    assert version.status == MissionStatus.PROPOSED and decision.adopted == version


def test_a_draft_or_another_collaboratives_version_cannot_be_adopted(personas: Any) -> None:
    draft = actions.draft_mission_version(personas.ccr, text=TEXT, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        meetings.close_decision(
            _put_to_vote(personas), outcome="adopted", adopts=draft, actor=personas.coordinator
        )
    sart = actions.draft_mission_version(personas.sart, text=TEXT, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        meetings.close_decision(
            _put_to_vote(personas), outcome="adopted", adopts=sart, actor=personas.coordinator
        )


def test_closing_through_the_page_adopts_what_the_form_names(personas: Any, client_as: Any) -> None:
    version = actions.draft_mission_version(personas.ccr, text=TEXT, actor=personas.coordinator)
    actions.propose_mission_version(version, actor=personas.coordinator)
    decision = _put_to_vote(personas)
    page = client_as(personas.coordinator).get(f"/meetings/decisions/{decision.public_id}/")
    key = f"partners.missionversion:{version.public_id}"
    assert key in page.content.decode()
    client_as(personas.coordinator).post(
        f"/meetings/decisions/{decision.public_id}/close/", {"outcome": "adopted", "adopts": key}
    )
    version.refresh_from_db()
    assert version.status == MissionStatus.ADOPTED
    detail = client_as(personas.analyst).get(f"/foundations/{personas.ccr.public_id}/")
    assert detail.status_code == 200
    assert TEXT in detail.content.decode()


def test_only_the_coordinator_drafts_a_mission(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.draft_mission_version(personas.ccr, text=TEXT, actor=personas.police_officer)


def test_a_term_ending_within_sixty_days_is_flagged(personas: Any, client_as: Any) -> None:
    today = timezone.localdate()
    actions.appoint_leader(
        personas.ccr,
        position="chair",
        user=personas.prosecutor,
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=20),
        actor=personas.coordinator,
    )
    actions.appoint_leader(
        personas.ccr,
        position="co_chair",
        user=personas.advocate,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=None,
        actor=personas.coordinator,
    )
    body = client_as(personas.police_officer).get(f"/foundations/{personas.ccr.public_id}/")
    text = body.content.decode()
    assert "Term ends in 20 days" in text
    assert text.count('id="ends-soon"') == 1


def test_a_leader_needs_a_role_in_the_collaborative(personas: Any) -> None:
    with pytest.raises(ValidationError):
        actions.appoint_leader(
            personas.ccr,
            position="chair",
            user=personas.outsider,
            starts_on=timezone.localdate(),
            ends_on=None,
            actor=personas.coordinator,
        )


def _log(personas: Any, actor: Any) -> Any:
    return actions.log_one_to_one(
        personas.ccr,
        met_on=timezone.localdate(),
        agency=personas.police,
        person="Lieutenant Ortiz",
        notes="Wants the arrest figures by quarter.",
        follow_up="Send the template",
        follow_up_on=None,
        actor=actor,
    )


def test_a_one_to_one_is_private_even_from_another_coordinator(
    personas: Any, client_as: Any
) -> None:
    entry = _log(personas, personas.coordinator)
    Representative.objects.filter(collaborative=personas.ccr, user=personas.prosecutor).update(
        role=Role.COORDINATOR
    )
    url = f"/foundations/one-to-ones/{entry.public_id}/"
    assert client_as(personas.coordinator).get(url).status_code == 200
    assert client_as(personas.prosecutor).get(url).status_code == 404
    listing = client_as(personas.prosecutor).get(
        f"/foundations/{personas.ccr.public_id}/one-to-ones/"
    )
    assert listing.status_code == 200 and "Ortiz" not in listing.content.decode()
    with pytest.raises(PermissionDenied):
        actions.update_one_to_one(entry, changes={"notes": "x"}, actor=personas.prosecutor)


def test_a_one_to_one_keeps_names_out_of_the_audit_trail(personas: Any) -> None:
    entry = _log(personas, personas.coordinator)
    event = AuditEvent.objects.filter(action="one_to_one.logged").latest("pk")
    assert "Ortiz" not in str(event.details) and event.object_id == str(entry.public_id)
