"""Signing for an agency: the agency admin for his own agency, the coordinator for any
member agency; both confirm their password first."""

import pytest
from django.urls import reverse

from ccrhub.protocols.models import Adoption
from ccrhub.protocols.tests.conftest import adopt, draft, last_event_id, new_events

pytestmark = pytest.mark.django_db


def reauthenticate(client, personas, key: str):
    response = client.post("/accounts/reauthenticate/", {"password": personas.password(key)})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def in_force(personas):
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    return protocol


def sign_data(agency, **overrides):
    data = {
        "agency": str(agency.public_id),
        "signer_name": "Marcus Bell",
        "signer_title": "Deputy Chief",
        "confirm": "on",
    }
    data.update(overrides)
    return data


def test_the_agency_admin_is_offered_only_his_own_agency(personas, client_as, in_force) -> None:
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    response = client_as(personas.agency_admin).get(url)
    assert response.status_code == 200
    assert list(response.context["form"].fields["agency"].queryset) == [personas.police]


def test_signing_asks_for_a_recent_login(personas, client_as, in_force) -> None:
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    response = client_as(personas.agency_admin).post(url, sign_data(personas.police))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not Adoption.objects.exists()


def test_the_agency_admin_signs_for_the_police_department(personas, client_as, in_force) -> None:
    client = reauthenticate(client_as(personas.agency_admin), personas, "agency_admin")
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    since = last_event_id()
    assert client.post(url, sign_data(personas.police)).status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.agency, adoption.signed_by) == (personas.police, personas.agency_admin)
    assert adoption.version == in_force.current_version
    assert [e.action for e in new_events(since)] == ["protocol.signed"]


def test_the_agency_admin_cannot_sign_for_safe_harbor(personas, client_as, in_force) -> None:
    client = reauthenticate(client_as(personas.agency_admin), personas, "agency_admin")
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    response = client.post(url, sign_data(personas.vsp))
    assert response.status_code == 200 and "agency" in response.context["form"].errors
    assert not Adoption.objects.exists()


def test_members_without_the_right_cannot_sign_and_outsiders_find_nothing(
    personas, client_as, in_force
) -> None:
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    for persona in (personas.prosecutor, personas.community_member, personas.advocate):
        assert client_as(persona).get(url).status_code == 403
    assert client_as(personas.outsider).get(url).status_code == 404


def test_the_coordinator_records_safe_harbors_signature(personas, client_as, in_force) -> None:
    client = reauthenticate(client_as(personas.coordinator), personas, "coordinator")
    url = reverse("protocols:protocol-sign", args=[in_force.public_id])
    data = sign_data(personas.vsp, signer_name="Hannah Brooks", signer_title="Director")
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("protocols:protocol-detail", args=[in_force.public_id]))
    assert personas.vsp not in page.context["signatures"].not_signed
    assert "Hannah Brooks" in page.content.decode()
