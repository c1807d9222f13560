"""Recording, editing and removing outreach: the coordinator and the delivering
agency's staff write; other members read; outsiders and analysts find nothing."""

from typing import Any

import pytest
from django.urls import reverse

from ccrhub.outreach.models import Activity
from ccrhub.outreach.tests.conftest import last_event_id, new_events

pytestmark = pytest.mark.django_db


def form_data(personas: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "collaborative": str(personas.ccr.public_id),
        "title": "Faith leaders: responding to disclosure",
        "kind": "training",
        "starts_on": "2026-04-14",
        "ends_on": "",
        "agency": str(personas.vsp.public_id),
        "audience_size": "34",
        "languages": "English",
        "setting": "faith",
        "levels": ["community", "relationship"],
        "notes": "",
    }
    data.update(overrides)
    return data


def test_the_advocate_records_a_training_her_agency_delivers_and_it_is_audited(
    personas, client_as
) -> None:
    since = last_event_id()
    response = client_as(personas.advocate).post(
        reverse("outreach:activity-create"), form_data(personas)
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:activity-detail", args=[activity.public_id])
    assert activity.levels == ["relationship", "community"]
    assert activity.agency == personas.vsp and activity.audience_size == 34
    events = new_events(since)
    assert [e.action for e in events] == ["outreach.recorded"]
    assert events[0].details == {"kind": "training", "levels": ["community", "relationship"]}
    assert "Faith" not in str(events[0].details)


def test_the_advocate_cannot_record_outreach_in_the_police_departments_name(
    personas, client_as
) -> None:
    data = form_data(personas, agency=str(personas.police.public_id))
    response = client_as(personas.advocate).post(reverse("outreach:activity-create"), data)
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_the_coordinator_may_name_any_member_agency_but_not_an_outside_one(
    personas, client_as
) -> None:
    client = client_as(personas.coordinator)
    outside = form_data(personas, agency=str(personas.hospital.public_id))
    assert client.post(reverse("outreach:activity-create"), outside).status_code == 200
    member = form_data(personas, agency=str(personas.police.public_id))
    assert client.post(reverse("outreach:activity-create"), member).status_code == 302
    assert Activity.objects.get().agency == personas.police


def test_an_activity_needs_a_level_and_cannot_end_before_it_starts(personas, client_as) -> None:
    client = client_as(personas.coordinator)
    response = client.post(
        reverse("outreach:activity-create"),
        form_data(personas, levels=[], starts_on="2026-04-14", ends_on="2026-04-01"),
    )
    errors = response.context["form"].errors
    assert "levels" in errors and "ends_on" in errors
    assert not Activity.objects.exists()


def test_a_police_officer_edits_her_departments_event_and_the_change_is_audited(
    personas, client_as, police_event
) -> None:
    since = last_event_id()
    url = reverse("outreach:activity-edit", args=[police_event.public_id])
    client = client_as(personas.police_officer)
    assert client.get(url).status_code == 200
    data = form_data(personas, agency=str(personas.police.public_id), levels=["individual"])
    data.pop("collaborative")
    data.update(title="Protection orders explained", audience_size="55", kind="event")
    assert client.post(url, data).status_code == 302
    police_event.refresh_from_db()
    assert police_event.audience_size == 55 and police_event.levels == ["individual"]
    [event] = new_events(since)
    assert event.action == "outreach.updated" and event.object_id == str(police_event.public_id)


def test_the_prosecutor_reads_the_police_event_but_may_not_change_it(
    personas, client_as, police_event
) -> None:
    client = client_as(personas.prosecutor)
    detail = client.get(reverse("outreach:activity-detail", args=[police_event.public_id]))
    assert detail.status_code == 200 and b"Protection orders explained" in detail.content
    assert b"/edit/" not in detail.content
    edit = reverse("outreach:activity-edit", args=[police_event.public_id])
    assert client.get(edit).status_code == 403


def test_the_outsider_and_the_analyst_find_no_activity(personas, client_as, police_event) -> None:
    url = reverse("outreach:activity-detail", args=[police_event.public_id])
    assert client_as(personas.outsider).get(url).status_code == 404
    # No role of the analyst's sees outreach: refused before any activity is looked up.
    assert client_as(personas.analyst).get(url).status_code == 403
    missing = reverse("outreach:activity-detail", args=["not-a-uuid"])
    assert client_as(personas.prosecutor).get(missing).status_code == 404


def test_removing_an_activity_asks_for_confirmation_and_is_audited(
    personas, client_as, police_event
) -> None:
    url = reverse("outreach:activity-remove", args=[police_event.public_id])
    client = client_as(personas.agency_admin)
    assert client.post(url, {}).status_code == 200
    assert Activity.objects.exists()
    since = last_event_id()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Activity.objects.exists()
    assert [e.action for e in new_events(since)] == ["outreach.removed"]
