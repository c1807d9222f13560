"""Giving a role, on the page and through the API: one action, one rule (S5).

Safe Harbor takes on a new colleague. Carmen, who coordinates the Riverbend CCR, would
make her an advocate, but the advocate role opens survivor records and Carmen holds no
survivor permission: the page and the API both refuse it in plain words and write
nothing. What Carmen holds herself (the analyst role) she gives; the police agency admin
gives his new officer the member role through the API.
"""

from typing import Any

import pytest
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.partners.models import Representative
from ccrhub.partners.tests.test_support import make_user

pytestmark = pytest.mark.django_db
REFUSAL = "it carries permissions you do not hold in this collaborative"


@pytest.fixture
def newcomer(personas: Any) -> Any:
    return make_user(agency=personas.vsp)


def roles_of(user: Any) -> list[str]:
    return list(
        Representative.objects.filter(user=user, is_active=True).values_list("role", flat=True)
    )


def signed_in_again(client: Any, personas: Any, key: str) -> Any:
    response = client.post("/accounts/reauthenticate/", {"password": personas.password(key)})
    assert response.status_code == 302, response.content
    return client


def test_the_coordinator_cannot_make_anyone_an_advocate_on_the_page(
    personas: Any, client_as: Any, newcomer: Any
) -> None:
    url = reverse("partners:role-grant", args=[personas.ccr.public_id])
    client = signed_in_again(client_as(personas.coordinator), personas, "coordinator")
    offered = {value for value, _ in client.get(url).context["form"].fields["role"].widget.choices}
    assert "advocate" not in offered and "analyst" in offered
    refused = client.post(url, {"user": newcomer.public_id, "role": "advocate"})
    assert refused.status_code == 403
    assert REFUSAL in refused.content.decode()  # said on the form, beside the role
    assert roles_of(newcomer) == []
    assert not AuditEvent.objects.filter(action="role.granted").exists()
    given = client.post(url, {"user": newcomer.public_id, "role": "analyst"})
    assert given.status_code == 302 and roles_of(newcomer) == ["analyst"]


def test_the_api_refuses_the_same_grant_with_a_problem_and_writes_nothing(
    personas: Any, api_as: Any, newcomer: Any
) -> None:
    url = reverse("api-collaborative-roles", args=[personas.ccr.public_id])
    api = api_as(personas.coordinator)
    refused = api.post(url, {"user": str(newcomer.public_id), "role": "advocate"}, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert REFUSAL in refused.json()["detail"]
    assert roles_of(newcomer) == []
    given = api.post(url, {"user": str(newcomer.public_id), "role": "analyst"}, format="json")
    assert given.status_code == 201
    assert given.json()["role"] == "analyst" and given.json()["user"] == str(newcomer.public_id)
    assert roles_of(newcomer) == ["analyst"]


def test_the_agency_admin_gives_their_own_officer_a_role_through_the_api(
    personas: Any, api_as: Any
) -> None:
    recruit = make_user(agency=personas.police)
    url = reverse("api-collaborative-roles", args=[personas.ccr.public_id])
    api = api_as(personas.agency_admin)
    assert (
        api.post(url, {"user": str(recruit.public_id), "role": "member"}, format="json").status_code
        == 201
    )
    assert roles_of(recruit) == ["member"]
    # Someone of another agency is nobody the agency admin may give a role to.
    stranger = make_user(agency=personas.vsp)
    refused = api.post(url, {"user": str(stranger.public_id), "role": "member"}, format="json")
    assert refused.status_code == 400 and "user" in refused.json()["errors"]
    assert roles_of(stranger) == []
