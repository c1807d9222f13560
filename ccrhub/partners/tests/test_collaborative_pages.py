"""The collaborative pages: my list, detail, create, edit, close."""

import pytest
from django.test import Client

from ccrhub.audit.models import AuditEvent
from ccrhub.partners.models import Collaborative, Representative
from ccrhub.partners.tests.test_support import (
    PAGE_OVERHEAD_QUERIES,
    County,
    build_county,
    give_role,
    login,
    make_collaborative,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> County:
    return build_county()


def url(collaborative: Collaborative, suffix: str = "") -> str:
    return f"/partners/collaboratives/{collaborative.public_id}/{suffix}"


def test_list_shows_only_my_collaboratives(county: County) -> None:
    response = login(county.officer).get("/partners/")
    assert response.status_code == 200
    assert b"Riverbend CCR" in response.content
    assert b"Lakeside SART" not in response.content


def test_list_says_what_to_do_when_i_belong_nowhere(county: County) -> None:
    response = login(county.new_officer).get("/partners/")
    assert b"Ask your collaborative" in response.content


def test_list_page_query_count_does_not_grow(county: County, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(county.coordinator)
    client.get("/partners/")  # warm the session
    # The page overhead, then: 1 collaboratives with their agency counts and parents,
    # 2 may the user start a collaborative (a coordinator role anywhere?).
    with django_assert_num_queries(PAGE_OVERHEAD_QUERIES + 2):
        client.get("/partners/")
    for n in range(5):
        give_role(county.coordinator, make_collaborative(f"Extra {n}"), "coordinator")
    with django_assert_num_queries(PAGE_OVERHEAD_QUERIES + 2):
        response = client.get("/partners/")
    assert response.content.count(b"Extra ") == 5


def test_anonymous_is_sent_to_login(county: County) -> None:
    response = Client().get(url(county.ccr))
    assert response.status_code == 302


def test_member_sees_detail_with_agencies_and_representatives(county: County) -> None:
    response = login(county.officer).get(url(county.ccr))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Riverbend Police" in body and "Safe Harbor" in body
    assert "Pat Prosecutor" in body and "Member" in body


def test_analyst_sees_detail_without_the_people(county: County) -> None:
    response = login(county.analyst).get(url(county.ccr))
    assert response.status_code == 200
    assert b"Pat Prosecutor" not in response.content


@pytest.mark.parametrize(
    "suffix", ["", "edit", "deactivate", "coverage", "agencies/add", "roles/grant"]
)
def test_outsider_gets_404_on_every_page_of_another_collaborative(
    county: County, suffix: str
) -> None:
    client = login(county.outsider)
    assert client.get(url(county.ccr, suffix)).status_code == 404
    assert client.get(f"/partners/collaboratives/not-a-uuid/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["edit", "deactivate", "agencies/add"])
def test_member_gets_403_on_coordinator_pages(county: County, suffix: str) -> None:
    assert login(county.officer).get(url(county.ccr, suffix)).status_code == 403
    assert login(county.officer).post(url(county.ccr, suffix), {"name": "Taken"}).status_code == 403
    county.ccr.refresh_from_db()
    assert county.ccr.name == "Riverbend CCR" and county.ccr.is_active


def test_coordinator_edits_and_extra_fields_have_no_effect(county: County) -> None:
    response = login(county.coordinator).post(
        url(county.ccr, "edit"),
        {
            "name": "Riverbend County CCR",
            "kind": "ccr",
            "area": "Riverbend County",
            "mission": "Safety and accountability.",
            "communities_served": "Latino\nDeaf, Hmong",
            # mass assignment attempts
            "id": "999",
            "public_id": "00000000-0000-0000-0000-000000000000",
            "is_active": "false",
            "parent": str(county.sart.public_id),
            "collaborative": str(county.sart.public_id),
            "role": "coordinator",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    before_id = county.ccr.public_id
    county.ccr.refresh_from_db()
    assert county.ccr.name == "Riverbend County CCR"
    assert county.ccr.communities_served == ["Latino", "Deaf", "Hmong"]
    assert county.ccr.public_id == before_id and county.ccr.is_active
    assert county.ccr.parent is None
    county.coordinator.refresh_from_db()
    assert not county.coordinator.is_staff
    event = AuditEvent.objects.get(action="collaborative.updated")
    assert set(event.details["fields"]) == {"name", "area", "mission", "communities_served"}


def test_edit_form_keeps_input_on_error(county: County) -> None:
    response = login(county.coordinator).post(
        url(county.ccr, "edit"), {"name": "", "kind": "nonsense", "area": "Kept area"}
    )
    assert response.status_code == 200
    assert b"Kept area" in response.content
    assert b"usa-error-message" in response.content


def test_coordinator_starts_a_collaborative_and_becomes_its_coordinator(county: County) -> None:
    response = login(county.coordinator).post(
        "/partners/collaboratives/new", {"name": "Riverbend SART", "kind": "sart"}
    )
    assert response.status_code == 302
    sart = Collaborative.objects.get(name="Riverbend SART")
    assert Representative.objects.get(collaborative=sart, is_active=True).user == county.coordinator


def test_member_may_not_start_a_collaborative(county: County) -> None:
    response = login(county.officer).post(
        "/partners/collaboratives/new", {"name": "Mine", "kind": "ccr"}
    )
    assert response.status_code == 403
    assert not Collaborative.objects.filter(name="Mine").exists()


def test_coordinator_closes_the_collaborative(county: County) -> None:
    client = login(county.coordinator)
    assert client.post(url(county.ccr, "deactivate")).status_code == 302
    county.ccr.refresh_from_db()
    assert not county.ccr.is_active
    assert client.get(url(county.ccr)).status_code == 403  # it was their only role
