"""Agencies: list, detail, register, edit, deactivate; adding and removing members."""

import pytest

from ccrhub.audit.models import AuditEvent
from ccrhub.partners.models import Agency, AgencyMembership, Representative
from ccrhub.partners.tests.test_support import (
    PAGE_OVERHEAD_QUERIES,
    County,
    build_county,
    login,
    make_agency,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> County:
    return build_county()


def test_list_shows_agencies_of_my_collaboratives_only(county: County) -> None:
    body = login(county.officer).get("/partners/agencies/").content.decode()
    assert "Riverbend Police" in body and "District Attorney" in body
    assert "Lakeside Police" not in body


def test_person_without_roles_sees_only_their_own_agency(county: County) -> None:
    body = login(county.new_officer).get("/partners/agencies/").content.decode()
    assert "Riverbend Police" in body and "District Attorney" not in body


def test_agency_list_query_count_does_not_grow(county: County, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(county.coordinator)
    client.get("/partners/agencies/")
    # The page overhead, then 1 the visible agencies (the roles are already cached).
    with django_assert_num_queries(PAGE_OVERHEAD_QUERIES + 1):
        client.get("/partners/agencies/")
    for n in range(5):
        AgencyMembership.objects.create(
            collaborative=county.ccr, agency=make_agency(f"Extra agency {n}", sector="housing")
        )
    with django_assert_num_queries(PAGE_OVERHEAD_QUERIES + 1):
        response = client.get("/partners/agencies/")
    assert response.content.count(b"Extra agency") == 5


def test_outsider_gets_404_on_an_agency_outside_their_scope(county: County) -> None:
    client = login(county.outsider)
    for suffix in ["", "edit", "deactivate"]:
        assert (
            client.get(f"/partners/agencies/{county.police.public_id}/{suffix}").status_code == 404
        )


def test_member_gets_403_on_agency_edit(county: County) -> None:
    response = login(county.officer).post(
        f"/partners/agencies/{county.police.public_id}/edit", {"name": "X", "sector": "housing"}
    )
    assert response.status_code == 403


def test_coordinator_registers_an_agency_into_their_collaborative(county: County) -> None:
    response = login(county.coordinator).post(
        "/partners/agencies/new",
        {
            "name": "Riverbend Probation",
            "short_code": "rb-probation",
            "sector": "probation",
            "regime": "criminal_justice",
            "communities": "",
            "collaborative": str(county.ccr.public_id),
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(short_code="rb-probation")
    assert AgencyMembership.objects.filter(
        collaborative=county.ccr, agency=agency, is_active=True
    ).exists()
    assert AuditEvent.objects.filter(action="agency.created").exists()


def test_registering_into_a_collaborative_i_do_not_coordinate_is_refused(county: County) -> None:
    response = login(county.coordinator).post(
        "/partners/agencies/new",
        {
            "name": "Sneaky",
            "short_code": "sneaky",
            "sector": "probation",
            "regime": "criminal_justice",
            "collaborative": str(county.sart.public_id),
        },
    )
    assert response.status_code == 200  # not a choice on the form
    assert not Agency.objects.filter(short_code="sneaky").exists()


def test_edit_ignores_regime_short_code_and_other_fields(county: County) -> None:
    response = login(county.coordinator).post(
        f"/partners/agencies/{county.advocacy.public_id}/edit",
        {
            "name": "Safe Harbor Advocacy",
            "sector": "advocacy",
            "communities": "Latino\nDeaf",
            "regime": "criminal_justice",
            "short_code": "hijack",
            "is_active": "false",
            "id": "1",
        },
    )
    assert response.status_code == 302
    county.advocacy.refresh_from_db()
    assert county.advocacy.name == "Safe Harbor Advocacy"
    assert county.advocacy.communities == ["Latino", "Deaf"]
    assert county.advocacy.regime == "vsp"
    assert county.advocacy.short_code != "hijack" and county.advocacy.is_active


def test_coordinator_adds_and_removes_an_agency(county: County) -> None:
    housing = make_agency("Housing Authority", sector="housing")
    # A member of someone else's collaborative only: the coordinator cannot see it.
    AgencyMembership.objects.create(collaborative=county.sart, agency=housing)
    client = login(county.coordinator)
    add = f"/partners/collaboratives/{county.ccr.public_id}/agencies/add"
    # Not visible to the coordinator, so not offered and refused if forged.
    assert client.post(add, {"agency": str(housing.public_id)}).status_code == 200
    assert not AgencyMembership.objects.filter(collaborative=county.ccr, agency=housing).exists()

    end = f"/partners/collaboratives/{county.ccr.public_id}/agencies/{county.police.public_id}/end"
    assert client.post(end).status_code == 302
    membership = AgencyMembership.objects.get(collaborative=county.ccr, agency=county.police)
    assert not membership.is_active and membership.ended_on is not None
    # The police staff's roles in the CCR end with the membership.
    assert not Representative.objects.filter(
        collaborative=county.ccr, user__agency=county.police, is_active=True
    ).exists()
    # ...and the former member can be added back.
    assert client.post(add, {"agency": str(county.police.public_id)}).status_code == 302
    membership.refresh_from_db()
    assert membership.is_active and membership.ended_on is None


def test_coordinator_cannot_remove_their_own_agency(county: County) -> None:
    end = (
        f"/partners/collaboratives/{county.ccr.public_id}/agencies/{county.advocacy.public_id}/end"
    )
    assert login(county.coordinator).post(end).status_code == 403


def test_deactivating_an_agency_needs_every_collaborative_it_belongs_to(county: County) -> None:
    AgencyMembership.objects.create(collaborative=county.sart, agency=county.prosecution)
    client = login(county.coordinator)
    response = client.post(f"/partners/agencies/{county.prosecution.public_id}/deactivate")
    assert response.status_code == 403
    AgencyMembership.objects.filter(collaborative=county.sart).update(is_active=False)
    response = client.post(f"/partners/agencies/{county.prosecution.public_id}/deactivate")
    assert response.status_code == 302
    county.prosecution.refresh_from_db()
    assert not county.prosecution.is_active
