"""/api/v1/cases/: the same rules through the other door."""

import uuid

import pytest

from ccrhub.cases.models import Case

pytestmark = pytest.mark.django_db


def test_officer_opens_a_case_and_only_a_keyed_hash_of_the_offender_is_kept(personas, api_as):
    response = api_as(personas.police_officer).post(
        "/api/v1/cases/",
        {
            "collaborative": str(personas.ccr.public_id),
            "external_ref": "RPD-9",
            "offender_ref": "P-55 12",
            "opened_on": "2026-05-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["restricted"] is False
    assert "offender_ref" not in body
    case = Case.objects.get(public_id=body["id"])
    assert "P-55" not in case.offender_key and len(case.offender_key) == 64


def test_the_same_offender_gets_the_same_key_so_repeats_link(personas, api_as):
    api = api_as(personas.police_officer)
    for ref, offender in (("A-1", "p-5512"), ("A-2", "P 5512")):
        api.post(
            "/api/v1/cases/",
            {
                "collaborative": str(personas.ccr.public_id),
                "external_ref": ref,
                "offender_ref": offender,
                "opened_on": "2026-05-01",
            },
            format="json",
        )
    keys = set(Case.objects.values_list("offender_key", flat=True))
    assert len(keys) == 1


def test_outsider_404_bodies_are_byte_identical_for_hidden_and_random_ids(
    personas, ccr_case, api_as
):
    api = api_as(personas.outsider)
    hidden = api.get(f"/api/v1/cases/{ccr_case.public_id}")
    random = api.get(f"/api/v1/cases/{uuid.uuid4()}")
    assert hidden.status_code == random.status_code == 404
    assert hidden.content == random.content
    assert hidden["Content-Type"] == "application/problem+json"


def test_stale_version_is_refused_with_409_and_nothing_overwritten(personas, ccr_case, api_as):
    api = api_as(personas.police_officer)
    first = api.patch(
        f"/api/v1/cases/{ccr_case.public_id}",
        {"agency_case_number": "CN-1", "version": 1},
        format="json",
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/cases/{ccr_case.public_id}",
        {"agency_case_number": "CN-2", "version": 1},
        format="json",
    )
    assert stale.status_code == 409
    ccr_case.refresh_from_db()
    assert ccr_case.agency_case_number == "CN-1"


def test_patch_ignores_fields_outside_the_allow_list(personas, ccr_case, api_as):
    before = Case.objects.filter(pk=ccr_case.pk).values().get()
    response = api_as(personas.police_officer).patch(
        f"/api/v1/cases/{ccr_case.public_id}",
        {
            "version": 1,
            "collaborative": str(personas.neighbour_ccr.public_id),
            "external_ref": "HIJACK",
            "offender_key": "x",
            "restricted": True,
            "id": str(uuid.uuid4()),
            "lead_agency": str(personas.vsp.public_id),
            "created_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 200
    after = Case.objects.filter(pk=ccr_case.pk).values().get()
    assert {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }


def test_read_only_token_cannot_patch(personas, ccr_case, api_as):
    response = api_as(personas.police_officer, read_only=True).patch(
        f"/api/v1/cases/{ccr_case.public_id}", {"version": 1}, format="json"
    )
    assert response.status_code == 403


def test_list_is_scoped_and_hides_the_party_case(
    personas, ccr_case, party_case, neighbour_case, api_as
):
    refs = {
        c["external_ref"]
        for c in api_as(personas.party_officer).get("/api/v1/cases/").json()["results"]
    }
    assert refs == {"RPD-2026-0001"}


def test_case_list_query_count_does_not_grow_with_the_cases(personas, api_as):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ccrhub.cases.actions import open_case

    api = api_as(personas.police_officer)

    def list_queries(count: int) -> int:
        for n in range(count):
            open_case(
                personas.ccr,
                external_ref=f"Q-{count}-{n}",
                offender_ref=f"o{n}",
                opened_on=datetime.date(2026, 1, 1),
                actor=personas.police_officer,
            )
        api.get("/api/v1/cases/")  # warm: the token's last use is written once a minute
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/cases/").status_code == 200
        return len(captured)

    # token, roles, content type, the page of cases (restricted flag as a subquery)
    assert list_queries(2) == list_queries(20)
