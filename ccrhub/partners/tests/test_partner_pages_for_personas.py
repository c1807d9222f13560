"""The partners pages and API, walked by the shared personas (persona, page: status)."""

from collections.abc import Callable

import pytest
from django.test import Client

from ccrhub.partners.tests.fixtures import Personas

pytestmark = pytest.mark.django_db

# persona → expected status on the CCR's pages: detail, edit, coverage, grant, API detail.
MATRIX = {
    "coordinator": (200, 200, 200, 200, 200),
    "agency_admin": (200, 403, 200, 200, 200),
    "police_officer": (200, 403, 200, 403, 200),
    "analyst": (200, 403, 200, 403, 200),
    "community_member": (200, 403, 200, 403, 200),
    "outsider": (404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_persona_matrix_on_the_ccr(
    personas: Personas, client_as: Callable[..., Client], persona: str
) -> None:
    client = client_as(getattr(personas, persona))
    base = f"/partners/collaboratives/{personas.ccr.public_id}/"
    paths = [base, base + "edit", base + "coverage", base + "roles/grant"]
    got = tuple(client.get(p).status_code for p in paths)
    got += (client.get(f"/api/v1/collaboratives/{personas.ccr.public_id}").status_code,)
    assert got == MATRIX[persona]


def test_outsider_sees_only_the_neighbouring_ccr(
    personas: Personas, client_as: Callable[..., Client]
) -> None:
    results = client_as(personas.outsider).get("/api/v1/collaboratives/").json()["results"]
    assert [c["id"] for c in results] == [str(personas.neighbour_ccr.public_id)]
