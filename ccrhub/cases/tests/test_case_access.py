"""Who may find and open a case: roles, collaboratives, restrictions and parties."""

import re
import uuid

import pytest

from ccrhub.accounts.restrictions import lift_restriction, restrict, restrictions_of
from ccrhub.audit.models import AuditEvent
from ccrhub.cases.access import visible_cases

pytestmark = pytest.mark.django_db


def without_nonces(response) -> str:
    """The page less what differs on every request anyway: CSRF token and request id."""
    page = response.content.decode().replace(response["X-Request-ID"], "")
    return re.sub(r"[A-Za-z0-9]{64}", "", page)


def test_police_officer_sees_the_case_of_their_collaborative(personas, ccr_case, client_as):
    response = client_as(personas.police_officer).get(f"/cases/{ccr_case.public_id}/")
    assert response.status_code == 200
    assert b"RPD-2026-0001" in response.content


def test_outsider_gets_the_same_404_as_for_a_random_id(personas, ccr_case, client_as):
    client = client_as(personas.outsider)
    hidden = client.get(f"/cases/{ccr_case.public_id}/")
    random = client.get(f"/cases/{uuid.uuid4()}/")
    assert hidden.status_code == random.status_code == 404
    assert without_nonces(hidden) == without_nonces(random)


def test_analyst_sees_aggregates_only_and_no_case(personas, ccr_case, client_as):
    client = client_as(personas.analyst)
    assert client.get("/cases/").status_code == 403
    # No role of hers reads cases: refused before any case is looked up, for any id.
    assert client.get(f"/cases/{ccr_case.public_id}/").status_code == 403
    assert client.get(f"/cases/{uuid.uuid4()}/").status_code == 403


def test_party_officer_can_never_find_or_open_their_case(personas, party_case, ccr_case, client_as):
    client = client_as(personas.party_officer)
    listing = client.get("/cases/")
    assert b"RPD-2026-0001" in listing.content
    assert b"RPD-2026-0002" not in listing.content
    assert client.get(f"/cases/{party_case.public_id}/").status_code == 404
    assert not visible_cases(personas.party_officer).filter(pk=party_case.pk).exists()


def test_refused_party_is_audited_as_a_restricted_denial(personas, party_case, client_as):
    client_as(personas.party_officer).get(f"/cases/{party_case.public_id}/")
    denial = AuditEvent.objects.get(action="restricted.denied")
    assert denial.actor == personas.party_officer
    assert denial.outcome == "denied"
    assert denial.object_id == str(party_case.public_id)


def test_a_party_restriction_is_never_lifted(personas, party_case):
    party_row = restrictions_of(party_case).get()
    with pytest.raises(ValueError):
        lift_restriction(party_row, actor=personas.coordinator)


def test_a_unit_restriction_hides_the_case_from_the_whole_unit(personas, ccr_case, client_as):
    personas.police_officer.unit = personas.dv_unit
    personas.police_officer.save(update_fields=["unit"])
    restrict(ccr_case, actor=personas.coordinator, unit=personas.dv_unit)
    assert (
        client_as(personas.police_officer).get(f"/cases/{ccr_case.public_id}/").status_code == 404
    )
    assert client_as(personas.prosecutor).get(f"/cases/{ccr_case.public_id}/").status_code == 200


def test_lifting_a_user_restriction_gives_access_back_on_the_next_request(
    personas, ccr_case, client_as
):
    client = client_as(personas.prosecutor)
    row = restrict(ccr_case, actor=personas.coordinator, user=personas.prosecutor)
    assert client.get(f"/cases/{ccr_case.public_id}/").status_code == 404
    lift_restriction(row, actor=personas.coordinator)
    assert client.get(f"/cases/{ccr_case.public_id}/").status_code == 200


def test_coordinator_restricts_a_case_against_a_person_through_the_page(
    personas, ccr_case, client_as
):
    response = client_as(personas.coordinator).post(
        f"/cases/{ccr_case.public_id}/restrictions/",
        {"user": str(personas.prosecutor.public_id)},
    )
    assert response.status_code == 302
    assert client_as(personas.prosecutor).get(f"/cases/{ccr_case.public_id}/").status_code == 404


def test_a_member_cannot_add_restrictions(personas, ccr_case, client_as):
    response = client_as(personas.police_officer).post(
        f"/cases/{ccr_case.public_id}/restrictions/",
        {"user": str(personas.prosecutor.public_id)},
    )
    assert response.status_code == 403
    assert not restrictions_of(ccr_case).exists()


def test_community_member_cannot_open_a_case(personas, client_as):
    assert client_as(personas.community_member).get("/cases/new/").status_code == 403
