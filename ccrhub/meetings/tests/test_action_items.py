"""Action items from meetings: who owns them, who may change them, and the "my actions"
and "overdue by agency" views."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.meetings import actions
from ccrhub.meetings.models import ActionItem, ActionItemComment

from .conftest import last_event_id, new_actions

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_item(personas, meeting=None, *, agency=None, owner=None, due_in=-3, title="Share figures"):
    return actions.create_action_item(
        personas.ccr,
        meeting=meeting,
        title=title,
        owner_agency=agency or personas.police,
        owner=owner,
        due_on=days(due_in),
        actor=personas.coordinator,
    )


def test_the_coordinator_turns_a_discussion_into_an_action(personas, client_as, meeting):
    client = client_as(personas.coordinator)
    mark = last_event_id()
    response = client.post(
        reverse("meetings:action-create", kwargs={"public_id": meeting.public_id}),
        {
            "title": "Bring violation response times",
            "owner_agency": personas.probation.public_id,
            "owner": personas.probation_officer.public_id,
            "due_on": days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.meeting == meeting and item.owner == personas.probation_officer
    assert item.status == "open" and item.collaborative == personas.ccr
    assert new_actions(mark) == ["action_item.created"]


def test_an_owner_of_another_agency_is_refused(personas, meeting) -> None:
    with pytest.raises(ValidationError):
        make_item(personas, meeting, agency=personas.police, owner=personas.prosecutor)
    with pytest.raises(ValidationError):
        make_item(personas, meeting, agency=personas.neighbour_police)


def test_the_owning_agency_updates_the_status(personas, client_as, meeting) -> None:
    item = make_item(personas, meeting, owner=personas.police_officer)
    url = reverse("meetings:action-update", kwargs={"public_id": item.public_id})
    colleague = client_as(personas.party_officer)
    mark = last_event_id()
    colleague.post(
        url, {"status": "not_possible", "status_note": "Unit disbanded", "version": item.version}
    )
    item.refresh_from_db()
    assert item.status == "not_possible" and item.closed_at is not None
    event = AuditEvent.objects.get(pk__gt=mark)
    assert event.action == "action_item.updated"
    assert event.details == {"fields": ["status", "status_note"], "status": "not_possible"}
    other = client_as(personas.prosecutor).post(url, {"status": "done", "version": item.version})
    assert other.status_code == 403


def test_an_owner_may_not_reassign_or_reschedule(personas, meeting) -> None:
    item = make_item(personas, meeting, owner=personas.police_officer)
    with pytest.raises(PermissionDenied):
        actions.update_action_item(
            item, version=1, changes={"due_on": days(90)}, actor=personas.police_officer
        )


def test_a_stale_status_change_changes_nothing(personas, meeting) -> None:
    item = make_item(personas, meeting)
    actions.update_action_item(
        item, version=1, changes={"status": "done"}, actor=personas.coordinator
    )
    with pytest.raises(actions.StaleVersion):
        actions.update_action_item(
            item, version=1, changes={"status": "not_done"}, actor=personas.coordinator
        )
    item.refresh_from_db()
    assert item.status == "done"


def test_members_comment_and_the_comment_is_audited_without_its_text(personas, client_as):
    item = make_item(personas)
    client = client_as(personas.advocate)
    mark = last_event_id()
    client.post(
        reverse("meetings:action-comment", kwargs={"public_id": item.public_id}),
        {"body": "We can help with the figures."},
    )
    assert ActionItemComment.objects.get().author == personas.advocate
    assert new_actions(mark) == ["action_item.commented"]
    assert AuditEvent.objects.get(pk__gt=mark).details == {}
    page = client.get(reverse("meetings:action-detail", kwargs={"public_id": item.public_id}))
    assert b"We can help with the figures." in page.content


def test_my_actions_lists_mine_and_my_agencys_unassigned_ones(personas, client_as) -> None:
    make_item(personas, owner=personas.police_officer, title="Officer's own")
    make_item(personas, title="The department's")
    make_item(personas, agency=personas.probation, title="Probation's")
    page = client_as(personas.police_officer).get(reverse("meetings:action-list"))
    assert b"Officer&#x27;s own" in page.content and b"The department&#x27;s" in page.content
    assert b"Probation&#x27;s" not in page.content
    other = client_as(personas.party_officer).get(reverse("meetings:action-list"))
    assert b"Officer&#x27;s own" not in other.content
    assert b"The department&#x27;s" in other.content


def test_overdue_actions_are_grouped_by_agency(personas, client_as) -> None:
    make_item(personas, title="Police late", due_in=-2)
    make_item(personas, agency=personas.probation, title="Probation late", due_in=-9)
    make_item(personas, agency=personas.probation, title="Not yet due", due_in=5)
    done = make_item(personas, title="Done late", due_in=-4)
    actions.update_action_item(
        done, version=1, changes={"status": "done"}, actor=personas.coordinator
    )
    page = client_as(personas.community_member).get(reverse("meetings:action-overdue"))
    groups = page.context["groups"]
    assert [(g.agency, [i.title for i in g.items]) for g in groups] == [
        (personas.police, ["Police late"]),  # by agency name: "Riverbend City …"
        (personas.probation, ["Probation late"]),  # "Riverbend County …"
    ]
    outsider = client_as(personas.outsider).get(reverse("meetings:action-overdue"))
    assert outsider.context["groups"] == []


@pytest.mark.parametrize("route", ["meetings:action-list", "meetings:action-overdue"])
def test_action_lists_cost_the_same_queries_for_one_or_many(personas, client_as, route) -> None:
    client = client_as(personas.police_officer)
    make_item(personas, owner=personas.police_officer)
    client.get(reverse(route))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(route))
    for n in range(10):
        make_item(personas, owner=personas.police_officer, title=f"A{n}")
        make_item(personas, agency=personas.probation, title=f"P{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(route))
    assert len(many) == len(one)
