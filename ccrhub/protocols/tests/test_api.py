"""/api/v1/protocols/: the same rules as the pages; a stale `version` answers 409 and
changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.protocols.models import Adoption, Protocol
from ccrhub.protocols.tests.conftest import V2, adopt, draft

pytestmark = pytest.mark.django_db

LIST = "/api/v1/protocols/"


def url(protocol: Protocol, tail: str = "") -> str:
    return f"/api/v1/protocols/{protocol.public_id}{tail}"


def test_members_list_and_read_protocols_outsiders_get_404(
    personas, api_as, arrest_protocol
) -> None:
    listed = api_as(personas.advocate).get(LIST)
    assert listed.status_code == 200
    [item] = listed.json()["results"]
    assert item["id"] == str(arrest_protocol.public_id) and item["current_version"] == 2
    assert set(item) == {
        "id",
        "collaborative",
        "kind",
        "title",
        "status",
        "review_due_on",
        "governed_stages",
        "current_version",
        "version",
        "created_at",
        "updated_at",
    }
    assert api_as(personas.outsider).get(LIST).json()["results"] == []
    assert api_as(personas.outsider).get(url(arrest_protocol)).status_code == 404
    assert api_as(personas.analyst).get(LIST).status_code == 403


def test_the_coordinator_creates_a_draft_and_a_member_may_not(personas, api_as) -> None:
    body = {
        "collaborative": str(personas.ccr.public_id),
        "kind": "mou",
        "title": "MOU",
        "text": "1. Share counts.",
        "governed_stages": ["probation_start"],
    }
    assert api_as(personas.community_member).post(LIST, body, format="json").status_code == 403
    created = api_as(personas.coordinator).post(LIST, body, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "draft" and created.json()["kind"] == "mou"
    wrong = api_as(personas.coordinator).post(
        LIST, {**body, "governed_stages": ["nope"]}, format="json"
    )
    assert wrong.status_code == 400 and "governed_stages" in wrong.json()["errors"]


def test_a_stale_patch_answers_409_and_changes_nothing(personas, api_as) -> None:
    protocol = draft(personas)
    client = api_as(personas.coordinator)
    read = protocol.version
    ok = client.patch(url(protocol), {"version": read, "title": "Renamed"}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == read + 1
    stale = client.patch(url(protocol), {"version": read, "title": "Lost?"}, format="json")
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    protocol.refresh_from_db()
    assert protocol.title == "Renamed"


def test_patching_the_status_moves_the_protocol_through_review_to_adoption(
    personas, api_as
) -> None:
    protocol = draft(personas)
    client = api_as(personas.coordinator)
    for target in ("in_review", "adopted"):
        protocol.refresh_from_db()
        response = client.patch(
            url(protocol), {"version": protocol.version, "status": target}, format="json"
        )
        assert response.status_code == 200 and response.json()["status"] == target
    assert response.json()["current_version"] == 1


def test_posting_a_version_saves_the_draft_and_a_stale_one_is_refused(personas, api_as) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    client = api_as(personas.coordinator)
    read = protocol.version
    created = client.post(url(protocol, "/versions"), {"version": read, "text": V2}, format="json")
    assert created.status_code == 201 and created.json()["number"] == 2
    stale = client.post(url(protocol, "/versions"), {"version": read, "text": "x"}, format="json")
    assert stale.status_code == 409
    assert protocol.versions.get(number=2).text == V2
    listed = api_as(personas.prosecutor).get(url(protocol, "/versions")).json()["results"]
    assert [v["number"] for v in listed] == [1, 2]
    assert (
        api_as(personas.prosecutor)
        .post(url(protocol, "/versions"), {"version": read + 1, "text": "x"}, format="json")
        .status_code
        == 403
    )


def test_adoptions_the_agency_admin_signs_for_his_agency_only(personas, api_as) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    client = api_as(personas.agency_admin)
    body = {"agency": str(personas.vsp.public_id), "signer_name": "M B", "signer_title": "Chief"}
    assert client.post(url(protocol, "/adoptions"), body, format="json").status_code == 400
    body["agency"] = str(personas.police.public_id)
    signed = client.post(url(protocol, "/adoptions"), body, format="json")
    assert signed.status_code == 201 and signed.json()["version"] == 1
    assert Adoption.objects.get().agency == personas.police
    listed = api_as(personas.advocate).get(url(protocol, "/adoptions")).json()["results"]
    assert [a["agency"] for a in listed] == [str(personas.police.public_id)]
    assert (
        api_as(personas.advocate).post(url(protocol, "/adoptions"), body, format="json").status_code
        == 403
    )


def test_the_list_endpoint_costs_the_same_queries_whatever_the_number(personas, api_as) -> None:
    client = api_as(personas.prosecutor)
    draft(personas, title="One")
    client.get(LIST)  # the token's first use is recorded once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        draft(personas, title=f"Protocol {n}")
    # the token (with its user), the caller's roles, one page of protocols joined with
    # their collaboratives and versions in force.
    assert count() == few == 3
