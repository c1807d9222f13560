"""/api/v1/collaboratives/ and /api/v1/agencies/: only the caller's scope, UUIDs as ids."""

import uuid

import pytest
from django.test import Client

from ccrhub.partners.models import AgencyMembership, Representative
from ccrhub.partners.tests.test_support import (
    County,
    build_county,
    give_role,
    login,
    make_agency,
    make_collaborative,
)

pytestmark = pytest.mark.django_db

# Queries of an API call signed in by session, before the view: 1 the session,
# 2 the user, 3 the user's session record, 4 the user's roles (idle timeout, then
# cached), 5 the MFA authenticator check of the session authentication.
API_OVERHEAD_QUERIES = 5


@pytest.fixture
def county() -> County:
    return build_county()


def test_collaboratives_lists_only_mine(county: County) -> None:
    response = login(county.officer).get("/api/v1/collaboratives/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"results", "next"}
    assert [c["id"] for c in data["results"]] == [str(county.ccr.public_id)]
    ccr = data["results"][0]
    assert set(ccr) == {
        "id",
        "name",
        "kind",
        "parent",
        "area",
        "mission",
        "communities_served",
        "is_active",
        "role",
        "agencies",
        "created_at",
    }
    assert ccr["role"] == "member"
    assert set(ccr["agencies"]) == {
        str(a.public_id) for a in (county.advocacy, county.police, county.prosecution)
    }


def test_parent_is_hidden_when_i_do_not_belong_to_it(county: County) -> None:
    sub = make_collaborative("Organising sub-group", kind="subgroup", parent=county.sart)
    give_role(county.officer, sub, "member")
    results = login(county.officer).get("/api/v1/collaboratives/").json()["results"]
    assert next(c for c in results if c["name"] == "Organising sub-group")["parent"] is None


def test_collaborative_detail_and_404_for_outsider_and_random_ids(county: County) -> None:
    path = f"/api/v1/collaboratives/{county.ccr.public_id}"
    assert login(county.officer).get(path).json()["id"] == str(county.ccr.public_id)
    outsider = login(county.outsider)
    answers = [
        outsider.get(path),
        outsider.get(f"/api/v1/collaboratives/{uuid.uuid4()}"),
        outsider.get("/api/v1/collaboratives/not-a-uuid"),
    ]
    for response in answers:
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    # Invisible and non-existent answer with the same body (S3).
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_api_is_read_only(county: County) -> None:
    client = login(county.coordinator)
    path = f"/api/v1/collaboratives/{county.ccr.public_id}"
    response = client.patch(path, {"name": "Renamed"}, content_type="application/json")
    assert response.status_code in {403, 405}
    county.ccr.refresh_from_db()
    assert county.ccr.name == "Riverbend CCR"


def test_anonymous_gets_401(county: County) -> None:
    assert Client().get("/api/v1/collaboratives/").status_code == 401


def test_agencies_lists_my_scope_only(county: County) -> None:
    data = login(county.officer).get("/api/v1/agencies/").json()
    ids = {a["id"] for a in data["results"]}
    assert str(county.police.public_id) in ids
    assert str(county.lakeside.public_id) not in ids
    assert set(data["results"][0]) == {
        "id",
        "name",
        "short_code",
        "sector",
        "regime",
        "communities",
        "is_active",
    }


def test_agency_detail_404_outside_scope(county: County) -> None:
    client = login(county.officer)
    assert client.get(f"/api/v1/agencies/{county.police.public_id}").status_code == 200
    response = client.get(f"/api/v1/agencies/{county.lakeside.public_id}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_lost_role_cuts_api_access_on_the_next_request(county: County) -> None:
    client = login(county.officer)
    path = f"/api/v1/collaboratives/{county.ccr.public_id}"
    assert client.get(path).status_code == 200
    Representative.objects.filter(user=county.officer).update(is_active=False)
    assert client.get(path).status_code == 403  # no role left anywhere


def test_collaborative_list_query_count_does_not_grow(
    county: County, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login(county.coordinator)
    client.get("/api/v1/collaboratives/")
    # The overhead, then 1 the collaboratives page (with parents), 2 their active
    # memberships with agencies (prefetch).
    with django_assert_num_queries(API_OVERHEAD_QUERIES + 2):
        client.get("/api/v1/collaboratives/")
    for n in range(5):
        extra = make_collaborative(
            f"Extra {n}", agencies=[make_agency(f"Agency {n}", sector="housing")]
        )
        give_role(county.coordinator, extra, "coordinator")
    with django_assert_num_queries(API_OVERHEAD_QUERIES + 2):
        response = client.get("/api/v1/collaboratives/")
    assert len(response.json()["results"]) == 6


def test_agency_list_query_count_does_not_grow(county: County, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(county.coordinator)
    client.get("/api/v1/agencies/")
    # The overhead, then 1 the visible agencies page.
    with django_assert_num_queries(API_OVERHEAD_QUERIES + 1):
        client.get("/api/v1/agencies/")
    for n in range(5):
        AgencyMembership.objects.create(
            collaborative=county.ccr, agency=make_agency(f"More {n}", sector="housing")
        )
    with django_assert_num_queries(API_OVERHEAD_QUERIES + 1):
        response = client.get("/api/v1/agencies/")
    assert len(response.json()["results"]) == 8


def test_page_size_and_cursor(county: County) -> None:
    for n in range(3):
        give_role(county.coordinator, make_collaborative(f"Paged {n}"), "coordinator")
    client = login(county.coordinator)
    first = client.get("/api/v1/collaboratives/?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert not {c["id"] for c in first["results"]} & {c["id"] for c in second["results"]}
