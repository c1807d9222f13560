"""The protocol pages: members read, the coordinator drafts and moves a protocol on,
the page shows who has not signed, and two editors of one draft never lose a word."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccrhub.protocols.models import Protocol, Status, VersionStatus
from ccrhub.protocols.tests.conftest import V2, draft, last_event_id, new_events

pytestmark = pytest.mark.django_db


def detail_url(protocol: Protocol) -> str:
    return reverse("protocols:protocol-detail", args=[protocol.public_id])


def draft_data(protocol: Protocol, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": protocol.title,
        "kind": protocol.kind,
        "review_due_on": "",
        "governed_stages": ["arrest"],
        "text": "A new text",
        "change_summary": "Changed",
        "retraining_roles": [],
        "version": str(protocol.version),
    }
    data.update(overrides)
    return data


def test_the_detail_page_shows_who_has_signed_and_who_has_not(
    personas, client_as, arrest_protocol
) -> None:
    response = client_as(personas.prosecutor).get(detail_url(arrest_protocol))
    assert response.status_code == 200
    signed = [a.agency for a in response.context["signatures"].signed]
    not_signed = response.context["signatures"].not_signed
    assert signed == [personas.police, personas.vsp]
    assert personas.sheriff in not_signed and personas.prosecutor_office in not_signed
    assert personas.police not in not_signed and personas.hospital not in not_signed
    body = response.content.decode()
    assert "Not signed yet" in body and "Riverbend County Sheriff&#x27;s Office" in body
    assert "2 of 23 member agencies have signed." in body
    assert "Re-training required" in body and "Law enforcement" in body


def test_the_outsider_and_the_analyst_find_no_protocol(
    personas, client_as, arrest_protocol
) -> None:
    assert client_as(personas.outsider).get(detail_url(arrest_protocol)).status_code == 404
    # No role of the analyst's reads protocols: refused before any protocol is looked up.
    assert client_as(personas.analyst).get(detail_url(arrest_protocol)).status_code == 403
    missing = reverse("protocols:protocol-detail", args=["not-a-uuid"])
    assert client_as(personas.prosecutor).get(missing).status_code == 404


def test_the_community_member_reads_but_cannot_edit_or_adopt(
    personas, client_as, arrest_protocol
) -> None:
    client = client_as(personas.community_member)
    page = client.get(detail_url(arrest_protocol))
    assert page.status_code == 200 and b"/edit/" not in page.content
    edit = reverse("protocols:protocol-edit", args=[arrest_protocol.public_id])
    assert client.get(edit).status_code == 403
    assert client.post(edit, draft_data(arrest_protocol)).status_code == 403
    retire = reverse("protocols:protocol-retire", args=[arrest_protocol.public_id])
    assert client.get(retire).status_code == 403
    data = {"version": arrest_protocol.version, "confirm": "on"}
    assert client.post(retire, data).status_code == 403
    arrest_protocol.refresh_from_db()
    assert arrest_protocol.status == Status.ADOPTED


def test_the_coordinator_creates_submits_and_adopts_a_policy(personas, client_as) -> None:
    client = client_as(personas.coordinator)
    data = draft_data(
        draft(personas),
        title="Information-sharing agreement",
        kind="information_sharing_agreement",
        collaborative=str(personas.ccr.public_id),
    )
    since = last_event_id()
    response = client.post(reverse("protocols:protocol-create"), data)
    protocol = Protocol.objects.get(title="Information-sharing agreement")
    assert response.status_code == 302 and response["Location"] == detail_url(protocol)
    for step in ("protocol-submit", "protocol-adopt"):
        protocol.refresh_from_db()
        url = reverse(f"protocols:{step}", args=[protocol.public_id])
        assert client.post(url, {"version": protocol.version}).status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == Status.ADOPTED
    assert protocol.current_version.status == VersionStatus.ADOPTED
    assert [e.action for e in new_events(since)] == [
        "protocol.created",
        "protocol.submitted",
        "protocol.adopted",
    ]


def test_editing_an_adopted_protocol_starts_the_next_version(
    personas, client_as, arrest_protocol
) -> None:
    client = client_as(personas.coordinator)
    edit = reverse("protocols:protocol-edit", args=[arrest_protocol.public_id])
    form = client.get(edit).context["form"]
    assert form.initial["text"] == V2
    assert client.post(edit, draft_data(arrest_protocol)).status_code == 302
    latest = arrest_protocol.versions.order_by("-number").first()
    assert (latest.number, latest.status, latest.text) == (3, "draft", "A new text")
    arrest_protocol.refresh_from_db()
    assert arrest_protocol.current_version.number == 2


def test_a_second_editor_gets_a_conflict_and_keeps_her_text(personas, client_as) -> None:
    protocol = draft(personas)
    edit = reverse("protocols:protocol-edit", args=[protocol.public_id])
    first, second = client_as(personas.coordinator), client_as(personas.coordinator)
    read = first.get(edit).context["form"].initial["version"]
    assert second.get(edit).context["form"].initial["version"] == read
    assert first.post(edit, draft_data(protocol, text="First editor's words")).status_code == 302
    response = second.post(edit, draft_data(protocol, text="Second editor's words"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this protocol" in body
    assert "Second editor&#x27;s words" in body  # her text, still in the form
    assert "First editor&#x27;s words" in body  # theirs, beside it
    protocol.refresh_from_db()
    assert protocol.versions.get().text == "First editor's words"
    # Saving again, with both in view, is a deliberate choice and goes through.
    again = response.context["form"].data.copy()
    assert second.post(edit, again).status_code == 302
    assert protocol.versions.get().text == "Second editor's words"


def test_the_list_flags_reviews_due_and_filters_by_kind(personas, client_as) -> None:
    today = timezone.localdate()
    draft(
        personas,
        title="Overdue policy",
        kind="policy",
        review_due_on=today - datetime.timedelta(days=1),
    )
    draft(personas, title="Soon protocol", review_due_on=today + datetime.timedelta(days=10))
    draft(personas, title="Later protocol", review_due_on=today + datetime.timedelta(days=200))
    client = client_as(personas.advocate)
    body = client.get(reverse("protocols:protocol-list")).content.decode()
    assert body.count("Review overdue") == 1 and body.count("Review due soon") == 1
    filtered = client.get(reverse("protocols:protocol-list"), {"kind": "policy"})
    assert [p.title for p in filtered.context["protocols"]] == ["Overdue policy"]


def test_the_list_is_empty_for_the_outsider_and_closed_to_the_analyst(personas, client_as) -> None:
    draft(personas)
    outsider = client_as(personas.outsider).get(reverse("protocols:protocol-list"))
    assert outsider.status_code == 200 and list(outsider.context["protocols"]) == []
    assert client_as(personas.analyst).get(reverse("protocols:protocol-list")).status_code == 403


def test_the_list_costs_the_same_queries_whatever_the_number_of_protocols(
    personas, client_as
) -> None:
    client = client_as(personas.prosecutor)
    url = reverse("protocols:protocol-list")
    draft(personas, title="One")
    client.get(url)  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        draft(personas, title=f"Protocol {n}")
    # session, user, the user's session record, the roles, the MFA check, the protocols
    # (joined with collaboratives, versions in force, version counts), the collaboratives
    # for the matrix links: the same for 1 or 6 protocols.
    assert count() == few == 7


def test_a_draft_protocol_says_nothing_is_in_force_yet(personas, client_as) -> None:
    protocol = draft(personas)
    response = client_as(personas.probation_officer).get(detail_url(protocol))
    assert response.status_code == 200
    body = response.content.decode()
    assert "No version adopted yet" in body and "Version 1 is being worked on (Draft)" in body
    assert "/sign/" not in body and "/pdf/" not in body
    version_page = reverse("protocols:version-detail", args=[protocol.public_id, 1])
    assert client_as(personas.probation_officer).get(version_page).status_code == 200
    missing = reverse("protocols:version-detail", args=[protocol.public_id, 7])
    assert client_as(personas.probation_officer).get(missing).status_code == 404


def test_retiring_asks_for_confirmation(personas, client_as, arrest_protocol) -> None:
    url = reverse("protocols:protocol-retire", args=[arrest_protocol.public_id])
    client = client_as(personas.coordinator)
    assert client.post(url, {"version": arrest_protocol.version}).status_code == 200
    arrest_protocol.refresh_from_db()
    assert arrest_protocol.status == Status.ADOPTED
    data = {"version": arrest_protocol.version, "confirm": "on"}
    assert client.post(url, data).status_code == 302
    arrest_protocol.refresh_from_db()
    assert arrest_protocol.status == Status.RETIRED
