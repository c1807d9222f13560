"""The roles & responsibilities matrix: loaded from the roles-in-brief template, then
edited by the coordinator; members read it."""

import pytest
from django.urls import reverse

from ccrhub.protocols import actions
from ccrhub.protocols.models import Responsibility
from ccrhub.protocols.queries import responsibility_matrix
from ccrhub.protocols.tests.conftest import last_event_id, new_events

pytestmark = pytest.mark.django_db


def test_the_template_has_the_four_roles_in_brief_with_attribution() -> None:
    template = actions.read_template()
    assert "Roles in brief" in template["source"]
    titles = [area["title"] for area in template["areas"]]
    assert titles == [
        "Advocates",
        "Batterers' re-education programs",
        "Criminal justice system",
        "Law enforcement",
    ]
    assert "Follow law on mandatory arrest consistently" in template["areas"][3]["lines"]


def test_loading_the_template_assigns_agencies_by_sector_once(personas, client_as) -> None:
    url = reverse("protocols:responsibility-template", args=[personas.ccr.public_id])
    client = client_as(personas.coordinator)
    since = last_event_id()
    assert client.post(url).status_code == 302
    rows = Responsibility.objects.filter(collaborative=personas.ccr)
    assert rows.count() == 27
    arrest = rows.get(text="Follow law on mandatory arrest consistently")
    assert set(arrest.agencies.all()) == {personas.police, personas.sheriff}
    seek = rows.get(text="Seek convictions; avoid plea agreements")
    assert personas.prosecutor_office in seek.agencies.all()
    assert client.post(url).status_code == 302
    assert rows.count() == 27
    [first, second] = new_events(since)
    assert first.details == {"added": 27} and second.details == {"added": 0}


def test_the_coordinator_edits_a_responsibility_and_members_see_the_grid(
    personas, client_as
) -> None:
    actions.load_responsibility_template(personas.ccr, actor=personas.coordinator)
    row = Responsibility.objects.get(text="Coordinate with advocates")
    url = reverse("protocols:responsibility-edit", args=[row.public_id])
    data = {
        "area": "Law enforcement",
        "text": "Call the advocate line from the scene",
        "agencies": [str(personas.police.public_id), str(personas.vsp.public_id)],
    }
    assert client_as(personas.coordinator).post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.text == "Call the advocate line from the scene"
    assert set(row.agencies.all()) == {personas.police, personas.vsp}
    matrix = responsibility_matrix(personas.ccr)
    police_column = matrix.agencies.index(personas.police)
    law = next(area for area in matrix.areas if area.title == "Law enforcement")
    assert all(r.cells[police_column] for r in law.rows)
    page = client_as(personas.community_member).get(
        reverse("protocols:responsibility-matrix", args=[personas.ccr.public_id])
    )
    assert (
        page.status_code == 200 and "Call the advocate line from the scene" in page.content.decode()
    )
    assert b"/template/" not in page.content


def test_an_agency_outside_the_collaborative_cannot_be_assigned(personas, client_as) -> None:
    url = reverse("protocols:responsibility-add", args=[personas.ccr.public_id])
    data = {
        "area": "Health",
        "text": "Forensic exams",
        "agencies": [str(personas.hospital.public_id)],
    }
    response = client_as(personas.coordinator).post(url, data)
    assert response.status_code == 200 and "agencies" in response.context["form"].errors
    assert not Responsibility.objects.exists()


def test_members_cannot_change_the_matrix_and_outsiders_cannot_see_it(personas, client_as) -> None:
    row = actions.add_responsibility(
        personas.ccr, actor=personas.coordinator, area="A", text="B", agencies=[]
    )
    template = reverse("protocols:responsibility-template", args=[personas.ccr.public_id])
    remove = reverse("protocols:responsibility-remove", args=[row.public_id])
    assert client_as(personas.agency_admin).post(template).status_code == 403
    assert client_as(personas.community_member).post(remove, {"confirm": "on"}).status_code == 403
    matrix = reverse("protocols:responsibility-matrix", args=[personas.ccr.public_id])
    assert client_as(personas.outsider).get(matrix).status_code == 404
    assert client_as(personas.analyst).get(matrix).status_code == 403  # reads no protocols
    assert Responsibility.objects.count() == 1
