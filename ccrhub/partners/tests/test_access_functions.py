"""Access functions: invisible answers like non-existent (404), visible-but-not-allowed 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.partners.access import (
    access_agency,
    access_collaborative,
    access_membership,
    access_representative,
)
from ccrhub.partners.models import Representative
from ccrhub.partners.tests.test_support import County, build_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> County:
    return build_county()


def test_member_sees_their_collaborative(county: County) -> None:
    assert access_collaborative(county.officer, county.ccr.public_id) == county.ccr


# A fixed unknown id: parameters are the same in every test process's collection.
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "", "1", "5b0f3c52-8e1d-4f7a-9c2b-6d4e1a3f8b70"])
def test_malformed_or_unknown_id_is_404(county: County, bad_id: str) -> None:
    with pytest.raises(Http404):
        access_collaborative(county.officer, bad_id)


def test_outsider_gets_404_not_403_on_another_collaborative(county: County) -> None:
    with pytest.raises(Http404):
        access_collaborative(
            county.outsider, county.ccr.public_id, permission="collaborative.manage"
        )


def test_member_gets_403_on_coordinator_permission(county: County) -> None:
    with pytest.raises(PermissionDenied):
        access_collaborative(
            county.officer, county.ccr.public_id, permission="collaborative.manage"
        )


def test_revoked_role_cuts_access_on_next_lookup(county: County) -> None:
    Representative.objects.filter(user=county.officer).update(is_active=False)
    county.officer.refresh_from_db()  # a new request loads the user afresh
    with pytest.raises(Http404):
        access_collaborative(county.officer, county.ccr.public_id)


def test_closed_collaborative_is_404_even_for_its_coordinator(county: County) -> None:
    county.ccr.is_active = False
    county.ccr.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        access_collaborative(county.coordinator, county.ccr.public_id)


def test_agencies_of_my_collaboratives_and_my_own_are_visible(county: County) -> None:
    assert access_agency(county.officer, county.prosecution.public_id) == county.prosecution
    assert access_agency(county.outsider, county.lakeside.public_id) == county.lakeside
    with pytest.raises(Http404):
        access_agency(county.officer, county.lakeside.public_id)
    with pytest.raises(Http404):
        access_agency(county.outsider, county.police.public_id)


def test_only_a_coordinator_where_it_is_a_member_may_manage_an_agency(county: County) -> None:
    assert access_agency(
        county.coordinator, county.police.public_id, permission="collaborative.manage"
    )
    with pytest.raises(PermissionDenied):
        access_agency(
            county.police_admin, county.police.public_id, permission="collaborative.manage"
        )


def test_membership_is_checked_on_its_collaborative(county: County) -> None:
    membership = access_membership(county.officer, county.ccr.public_id, county.police.public_id)
    assert membership.agency == county.police
    with pytest.raises(Http404):  # an agency that is not a member here
        access_membership(county.officer, county.ccr.public_id, county.lakeside.public_id)
    with pytest.raises(Http404):  # the outsider cannot reach the parent
        access_membership(county.outsider, county.ccr.public_id, county.police.public_id)


def test_representative_is_checked_on_its_collaborative(county: County) -> None:
    rep = Representative.objects.get(user=county.officer, collaborative=county.ccr)
    assert access_representative(county.coordinator, county.ccr.public_id, rep.public_id) == rep
    with pytest.raises(Http404):
        access_representative(county.outsider, county.ccr.public_id, rep.public_id)
    other = Representative.objects.get(user=county.outsider)
    with pytest.raises(Http404):  # a role of another collaborative, reached through mine
        access_representative(county.coordinator, county.ccr.public_id, other.public_id)
    with pytest.raises(PermissionDenied):  # analysts do not see the member list
        access_representative(county.analyst, county.ccr.public_id, rep.public_id)
