"""Decisions: the coordinator puts a proposal to the Riverbend CCR, members vote once
each (or once per agency), and nobody sees the results until the vote closes."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions, queries
from ccrhub.meetings.models import Ballot, Decision, Meeting, Tally

pytestmark = pytest.mark.django_db


def _open(personas: Any, **kwargs: Any) -> Decision:
    decision = actions.create_decision(
        personas.ccr, title="Adopt the pro-arrest policy", actor=personas.coordinator, **kwargs
    )
    return actions.open_decision(decision, actor=personas.coordinator)


def _page(client_as: Any, user: Any, decision: Decision) -> str:
    url = reverse("meetings:decision-detail", kwargs={"public_id": decision.public_id})
    response = client_as(user).get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_results_stay_hidden_from_the_coordinator_until_the_vote_closes(
    personas: Any, client_as: Any
) -> None:
    decision = _open(personas, voting_unit="person")
    actions.cast_vote(decision, choice="block", actor=personas.prosecutor)
    actions.cast_vote(decision, choice="agree", actor=personas.advocate)

    assert queries.results_of(decision) is None
    page = _page(client_as, personas.coordinator, decision)
    assert 'id="results"' not in page
    assert 'id="named-votes"' not in page
    url = reverse("meetings:decision-detail", kwargs={"public_id": decision.public_id})
    context = client_as(personas.coordinator).get(url).context
    assert context["results"] is None
    assert context["named_votes"] is None
    assert "2 of" in page

    actions.close_decision(decision, outcome="not_adopted", actor=personas.coordinator)
    decision.refresh_from_db()
    assert dict(queries.results_of(decision) or []) == {
        "Agree": 1,
        "Abstain": 0,
        "Disagree": 0,
        "Block": 1,
    }
    page = _page(client_as, personas.police_officer, decision)
    assert 'id="results"' in page
    assert 'id="named-votes"' in page


def test_a_second_vote_by_the_same_person_is_refused(personas: Any) -> None:
    decision = _open(personas, voting_unit="person")
    actions.cast_vote(decision, choice="agree", actor=personas.prosecutor)

    with pytest.raises(actions.AlreadyVoted):
        actions.cast_vote(decision, choice="disagree", actor=personas.prosecutor)

    assert Ballot.objects.filter(decision=decision).count() == 1
    assert sum(Tally.objects.filter(decision=decision).values_list("count", flat=True)) == 1


def test_per_agency_a_colleagues_vote_counts_for_the_agency(personas: Any, client_as: Any) -> None:
    decision = _open(personas, voting_unit="agency")
    actions.cast_vote(decision, choice="agree", actor=personas.police_officer)

    # The patrol officer works for the same police department: its vote is cast.
    with pytest.raises(actions.AlreadyVoted):
        actions.cast_vote(decision, choice="block", actor=personas.party_officer)
    page = _page(client_as, personas.party_officer, decision)
    assert "A colleague has voted for" in page
    assert "Cast my vote" not in page
    # Another agency still votes.
    actions.cast_vote(decision, choice="abstain", actor=personas.prosecutor)
    assert Ballot.objects.filter(decision=decision).count() == 2


def test_a_second_vote_through_the_page_is_refused_with_a_message(
    personas: Any, client_as: Any
) -> None:
    decision = _open(personas, voting_unit="agency")
    url = reverse("meetings:decision-vote", kwargs={"public_id": decision.public_id})
    first = client_as(personas.police_officer).post(url, {"choice": "agree"})
    second = client_as(personas.party_officer).post(url, {"choice": "block"}, follow=True)

    assert first.status_code == 302
    assert "already been cast" in second.content.decode()
    assert list(Ballot.objects.filter(decision=decision).values_list("choice", flat=True)) == [
        "agree"
    ]


def test_anonymous_votes_count_once_each_and_lead_back_to_nobody(
    personas: Any, client_as: Any
) -> None:
    decision = _open(personas, voting_unit="person", anonymous=True)
    actions.cast_vote(decision, choice="block", actor=personas.prosecutor)
    actions.cast_vote(decision, choice="agree", actor=personas.advocate)
    with pytest.raises(actions.AlreadyVoted):
        actions.cast_vote(decision, choice="agree", actor=personas.prosecutor)
    actions.close_decision(decision, outcome="not_adopted", actor=personas.coordinator)

    # The ballots say who voted, never what.
    assert set(Ballot.objects.filter(decision=decision).values_list("choice", flat=True)) == {""}
    # The tally has no relation but to its decision: no path to a ballot or a voter.
    relations = [f.name for f in Tally._meta.get_fields() if f.is_relation]
    assert relations == ["decision"]
    assert not any(isinstance(f, models.DateTimeField) for f in Tally._meta.get_fields())
    assert sum(Tally.objects.filter(decision=decision).values_list("count", flat=True)) == 2
    # The audit trail records that each voted, not how.
    events = AuditEvent.objects.filter(action="decision.vote_cast")
    assert events.count() == 2
    assert all("choice" not in (event.details or {}) for event in events)
    # Even the coordinator's page shows counts only.
    page = _page(client_as, personas.coordinator, decision)
    assert 'id="results"' in page
    assert 'id="named-votes"' not in page
    assert personas.prosecutor.full_name not in page


def test_named_votes_are_audited_with_their_choice(personas: Any) -> None:
    decision = _open(personas, voting_unit="person")
    actions.cast_vote(decision, choice="disagree", actor=personas.prosecutor)

    event = AuditEvent.objects.filter(action="decision.vote_cast").get()
    assert event.details["choice"] == "disagree"


def test_no_vote_before_the_decision_opens_or_after_it_closes(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    draft = actions.create_decision(personas.ccr, title="Draft", actor=personas.coordinator)
    with pytest.raises(ValidationError):
        actions.cast_vote(draft, choice="agree", actor=personas.prosecutor)
    decision = _open(personas)
    actions.close_decision(decision, outcome="adopted", actor=personas.coordinator)
    with pytest.raises(ValidationError):
        actions.cast_vote(decision, choice="agree", actor=personas.prosecutor)


def test_only_members_vote_and_only_the_coordinator_opens_and_closes(personas: Any) -> None:
    decision = _open(personas, voting_unit="person")
    with pytest.raises(PermissionDenied):
        actions.cast_vote(decision, choice="agree", actor=personas.analyst)
    with pytest.raises(PermissionDenied):
        actions.cast_vote(decision, choice="agree", actor=personas.outsider)
    with pytest.raises(PermissionDenied):
        actions.close_decision(decision, outcome="adopted", actor=personas.prosecutor)


def test_the_outsider_finds_no_decision(personas: Any, client_as: Any) -> None:
    decision = _open(personas)
    client = client_as(personas.outsider)
    for route in ("meetings:decision-detail",):
        url = reverse(route, kwargs={"public_id": decision.public_id})
        assert client.get(url).status_code == 404
    vote = reverse("meetings:decision-vote", kwargs={"public_id": decision.public_id})
    assert client.post(vote, {"choice": "agree"}).status_code == 404
    assert not Ballot.objects.exists()
    listing = client.get(reverse("meetings:decision-list")).content.decode()
    assert decision.title not in listing


def test_the_outcome_appears_in_the_meetings_minutes_section(
    personas: Any, client_as: Any, meeting: Meeting
) -> None:
    item = actions.add_agenda_item(meeting, title="Arrest policy", actor=personas.coordinator)
    decision = actions.create_decision(
        personas.ccr,
        title="Adopt the pro-arrest policy",
        meeting=meeting,
        agenda_item=item,
        actor=personas.coordinator,
    )
    actions.open_decision(decision, actor=personas.coordinator)
    actions.close_decision(
        decision,
        outcome="adopted",
        adopted_reference="Arrest protocol, version 2",
        actor=personas.coordinator,
    )
    url = reverse("meetings:meeting-detail", kwargs={"public_id": meeting.public_id})
    page = client_as(personas.prosecutor).get(url).content.decode()
    minutes = page.split('id="minutes-heading"')[1].split('id="actions-heading"')[0]
    assert "Adopt the pro-arrest policy" in minutes
    assert "Adopted" in minutes
    assert "Arrest protocol, version 2" in minutes


def test_the_coordinator_drafts_opens_and_closes_through_the_pages(
    personas: Any, client_as: Any, meeting: Meeting
) -> None:
    client = client_as(personas.coordinator)
    create = reverse("meetings:decision-create") + f"?meeting={meeting.public_id}"
    response = client.post(
        create, {"title": "Adopt the mission", "text": "", "voting_unit": "agency"}
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert decision.meeting == meeting
    assert decision.collaborative == personas.ccr
    kwargs = {"public_id": decision.public_id}
    client.post(reverse("meetings:decision-open", kwargs=kwargs))
    client_as(personas.prosecutor).post(
        reverse("meetings:decision-vote", kwargs=kwargs), {"choice": "agree"}
    )
    client.post(reverse("meetings:decision-close", kwargs=kwargs), {"outcome": "adopted"})
    decision.refresh_from_db()
    assert decision.is_closed
    assert decision.outcome == "adopted"
    assert Ballot.objects.get().voter == personas.prosecutor


def test_a_meeting_of_another_collaborative_is_refused(personas: Any, meeting: Meeting) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.create_decision(
            personas.sart, title="Elsewhere", meeting=meeting, actor=personas.coordinator
        )
