"""Granting and revoking roles (S5): no privilege escalation, nobody changes their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ccrhub.audit.models import AuditEvent
from ccrhub.partners import actions
from ccrhub.partners.access import grantable_roles
from ccrhub.partners.models import Representative, Role
from ccrhub.partners.roles import ROLE_PERMISSIONS, role_can
from ccrhub.partners.tests.test_support import (
    County,
    build_county,
    give_role,
    login,
    make_user,
    reauthenticate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> County:
    return build_county()


def active_role(user, collaborative):  # type: ignore[no-untyped-def]
    return (
        Representative.objects.filter(user=user, collaborative=collaborative, is_active=True)
        .values_list("role", flat=True)
        .first()
    )


def test_coordinator_grants_a_role_and_it_is_audited(county: County) -> None:
    actions.grant_role(
        county.ccr, user=county.new_officer, role="analyst", actor=county.coordinator
    )
    assert active_role(county.new_officer, county.ccr) == "analyst"
    event = AuditEvent.objects.get(action="role.granted")
    assert event.actor == county.coordinator
    assert event.details["user"] == str(county.new_officer.public_id)
    assert event.details["role"] == "analyst"
    assert "granted_by" not in event.details


def test_regranting_replaces_the_role_and_keeps_history(county: County) -> None:
    actions.grant_role(county.ccr, user=county.officer, role="analyst", actor=county.coordinator)
    assert active_role(county.officer, county.ccr) == "analyst"
    old = Representative.objects.get(user=county.officer, is_active=False)
    assert old.role == "member" and old.revoked_by == county.coordinator


def test_agency_admin_grants_member_to_own_agency_staff(county: County) -> None:
    actions.grant_role(
        county.ccr, user=county.new_officer, role="member", actor=county.police_admin
    )
    assert active_role(county.new_officer, county.ccr) == "member"


def test_agency_admin_cannot_grant_a_stronger_role(county: County) -> None:
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            county.ccr, user=county.new_officer, role="coordinator", actor=county.police_admin
        )
    assert active_role(county.new_officer, county.ccr) is None


def test_agency_admin_cannot_grant_to_another_agencys_staff(county: County) -> None:
    prosecutor2 = make_user(agency=county.prosecution)
    with pytest.raises(PermissionDenied):
        actions.grant_role(county.ccr, user=prosecutor2, role="member", actor=county.police_admin)


def test_agency_admin_cannot_demote_a_coordinator_of_their_agency(county: County) -> None:
    actions.grant_role(
        county.ccr, user=county.officer, role="coordinator", actor=county.coordinator
    )
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            county.ccr, user=county.officer, role="member", actor=county.police_admin
        )
    with pytest.raises(PermissionDenied):
        actions.revoke_role(county.ccr, user=county.officer, actor=county.police_admin)
    assert active_role(county.officer, county.ccr) == "coordinator"


@pytest.mark.parametrize("who", ["coordinator", "police_admin"])
def test_nobody_changes_their_own_role(county: County, who: str) -> None:
    actor = getattr(county, who)
    with pytest.raises(PermissionDenied):
        actions.grant_role(county.ccr, user=actor, role="coordinator", actor=actor)
    with pytest.raises(PermissionDenied):
        actions.revoke_role(county.ccr, user=actor, actor=actor)


def test_member_cannot_grant_roles(county: County) -> None:
    with pytest.raises(PermissionDenied):
        actions.grant_role(county.ccr, user=county.new_officer, role="member", actor=county.officer)


def test_outsider_cannot_grant_in_another_collaborative(county: County) -> None:
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            county.ccr, user=county.new_officer, role="member", actor=county.outsider
        )


def test_staff_of_a_non_member_agency_cannot_be_given_a_role(county: County) -> None:
    lakeside_officer = make_user(agency=county.lakeside)
    with pytest.raises(ValidationError):
        actions.grant_role(
            county.ccr, user=lakeside_officer, role="analyst", actor=county.coordinator
        )


def test_coordinator_revokes_a_role_and_it_is_audited(county: County) -> None:
    actions.revoke_role(county.ccr, user=county.officer, actor=county.coordinator)
    assert active_role(county.officer, county.ccr) is None
    assert AuditEvent.objects.filter(action="role.revoked", actor=county.coordinator).exists()


def test_grant_page_offers_an_agency_admin_only_their_staff_and_weaker_roles(
    county: County,
) -> None:
    response = login(county.police_admin).get(
        f"/partners/collaboratives/{county.ccr.public_id}/roles/grant"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["user"].queryset) == {county.officer, county.new_officer}
    roles = {value for value, _ in form.fields["role"].widget.choices}
    assert "coordinator" not in roles and "member" in roles


def test_grant_page_refuses_a_forged_stronger_role(county: County) -> None:
    client = reauthenticate(login(county.police_admin))
    response = client.post(
        f"/partners/collaboratives/{county.ccr.public_id}/roles/grant",
        {"user": county.new_officer.public_id, "role": "coordinator"},
    )
    assert response.status_code == 403  # the action refuses it, on the form
    assert "permissions you do not hold" in response.context["form"].errors["role"][0]
    assert active_role(county.new_officer, county.ccr) is None


def test_member_gets_403_on_the_grant_page(county: County) -> None:
    response = login(county.officer).get(
        f"/partners/collaboratives/{county.ccr.public_id}/roles/grant"
    )
    assert response.status_code == 403


def test_revoke_page_removes_the_role(county: County) -> None:
    rep = Representative.objects.get(user=county.officer, is_active=True)
    url = f"/partners/collaboratives/{county.ccr.public_id}/roles/{rep.public_id}/revoke"
    client = login(county.coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert active_role(county.officer, county.ccr) == "member"  # asked to confirm first
    reauthenticate(client)
    assert client.post(url).status_code == 302
    assert active_role(county.officer, county.ccr) is None


def test_a_role_change_asks_for_the_password_again(county: County) -> None:
    rep = Representative.objects.get(user=county.officer, is_active=True)
    url = f"/partners/collaboratives/{county.ccr.public_id}/roles/{rep.public_id}/revoke"
    response = login(county.coordinator).post(url)
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_revoke_page_is_403_for_own_role_and_404_for_outsider(county: County) -> None:
    own = Representative.objects.get(user=county.coordinator, is_active=True)
    url = f"/partners/collaboratives/{county.ccr.public_id}/roles/{own.public_id}/revoke"
    assert login(county.coordinator).post(url).status_code == 403
    assert login(county.outsider).post(url).status_code == 404
    assert active_role(county.coordinator, county.ccr) == "coordinator"


# S5 by permissions, not ranks: whoever gives roles (a coordinator, or an agency admin
# for their own agency's staff) gives only a role whose every permission they hold
# themselves in that collaborative; nobody else gives roles.
ROLES = [role.value for role in Role]


def expected_to_grant(granter: str, role: str) -> bool:
    gives_roles = role_can(granter, "members.manage") or role_can(
        granter, "members.manage_own_agency"
    )
    return gives_roles and ROLE_PERMISSIONS[role] <= ROLE_PERMISSIONS[granter]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("granter", ROLES)
def test_a_role_is_granted_only_when_the_granter_holds_all_its_permissions(
    county: County, granter: str, role: str
) -> None:
    actor = make_user(agency=county.police)
    give_role(actor, county.ccr, granter)
    if expected_to_grant(granter, role):
        actions.grant_role(county.ccr, user=county.new_officer, role=role, actor=actor)
        assert active_role(county.new_officer, county.ccr) == role
    else:
        with pytest.raises(PermissionDenied):
            actions.grant_role(county.ccr, user=county.new_officer, role=role, actor=actor)
        assert active_role(county.new_officer, county.ccr) is None


def test_an_agency_admin_is_offered_only_roles_within_their_own_permissions() -> None:
    offered = {value for value, _label in grantable_roles(Role.AGENCY_ADMIN)}
    # Not the advocate: it carries survivor permissions the agency admin does not hold.
    assert offered == {"agency_admin", "member", "analyst", "community_member"}
    assert offered == {role for role in ROLES if expected_to_grant(Role.AGENCY_ADMIN, role)}


def test_an_agency_admin_cannot_take_away_a_role_they_could_not_give(county: County) -> None:
    ccr, officer, admin = county.ccr, county.officer, county.police_admin
    actions.grant_role(ccr, user=officer, role="advocate", actor=actions.OPERATOR)
    with pytest.raises(PermissionDenied):
        actions.grant_role(ccr, user=officer, role="member", actor=admin)
    with pytest.raises(PermissionDenied):
        actions.revoke_role(ccr, user=officer, actor=admin)
    assert active_role(county.officer, county.ccr) == "advocate"


def test_the_grant_page_neither_offers_nor_accepts_the_advocate_role_from_an_agency_admin(
    county: County,
) -> None:
    url = f"/partners/collaboratives/{county.ccr.public_id}/roles/grant"
    client = reauthenticate(login(county.police_admin))
    form = client.get(url).context["form"]
    offered = {value for value, _ in form.fields["role"].widget.choices}
    assert "advocate" not in offered and "member" in offered
    response = client.post(url, {"user": county.new_officer.public_id, "role": "advocate"})
    assert response.status_code == 403  # the action refuses it, on the form
    assert "permissions you do not hold" in response.context["form"].errors["role"][0]
    assert active_role(county.new_officer, county.ccr) is None


def test_a_coordinator_is_offered_only_roles_within_their_own_permissions() -> None:
    offered = {value for value, _label in grantable_roles(Role.COORDINATOR)}
    # Not the advocate (survivor data), nor the member or agency admin (risk assessment
    # and high-risk referral): coordinators hold none of those permissions.
    assert offered == {"coordinator", "analyst", "community_member"}
    assert offered == {role for role in ROLES if expected_to_grant(Role.COORDINATOR, role)}


def test_a_coordinator_cannot_give_the_advocate_role(county: County) -> None:
    with pytest.raises(actions.RoleBeyondYourOwn):
        actions.grant_role(
            county.ccr, user=county.new_officer, role="advocate", actor=county.coordinator
        )
    assert active_role(county.new_officer, county.ccr) is None
    assert not AuditEvent.objects.filter(action="role.granted").exists()


def test_a_coordinator_takes_away_a_role_they_could_not_give(county: County) -> None:
    # Ending access raises nobody's rights: the coordinator answers for the membership.
    actions.grant_role(county.ccr, user=county.officer, role="advocate", actor=actions.OPERATOR)
    actions.revoke_role(county.ccr, user=county.officer, actor=county.coordinator)
    assert active_role(county.officer, county.ccr) is None


def test_the_operator_gives_what_nobody_may_give_on_the_record(county: County) -> None:
    actions.grant_role(county.ccr, user=county.officer, role="advocate", actor=actions.OPERATOR)
    assert active_role(county.officer, county.ccr) == "advocate"
    given = Representative.objects.get(user=county.officer, is_active=True)
    assert given.granted_by is None
    event = AuditEvent.objects.get(action="role.granted")
    assert event.actor is None and event.details["granted_by"] == "operator_console"
    assert event.details["previous_role"] == "member"
