"""The dashboard: everyone's collaboratives; restricted-record alerts for the coordinator."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases.actions import open_case

pytestmark = pytest.mark.django_db


def test_police_officer_sees_their_collaboratives_and_role(personas, client_as):
    page = client_as(personas.police_officer).get("/").content.decode()
    assert personas.ccr.name in page and personas.marac.name in page
    assert personas.neighbour_ccr.name not in page
    assert "Cases you may see" in page


def test_analyst_gets_no_link_to_cases(personas, client_as):
    page = client_as(personas.analyst).get("/").content.decode()
    assert "Cases you may see" not in page


def test_party_officers_attempt_alerts_the_coordinator_only(personas, client_as, anomaly_rules_run):
    case = open_case(
        personas.ccr,
        external_ref="D-1",
        offender_ref="o",
        opened_on=datetime.date(2026, 1, 1),
        actor=personas.police_officer,
    )
    restrict(case, actor=personas.coordinator, user=personas.party_officer, party=True)
    with anomaly_rules_run():
        client_as(personas.party_officer).get(f"/cases/{case.public_id}/")
    assert "Audit alerts" in client_as(personas.coordinator).get("/").content.decode()
    assert "Audit alerts" not in client_as(personas.police_officer).get("/").content.decode()


def test_dashboard_queries_do_not_grow_with_collaboratives(personas, client_as):
    from ccrhub.partners.actions import create_collaborative

    client = client_as(personas.coordinator)
    client.get("/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    before = count()
    for n in range(5):
        create_collaborative(name=f"Extra {n}", kind="subgroup", actor=personas.coordinator)
    assert count() == before


def test_measures_are_linked_for_roles_that_see_aggregates(personas, client_as):
    measures = f"/measures/{personas.ccr.public_id}/"
    assert measures in client_as(personas.analyst).get("/").content.decode()
    assert measures not in client_as(personas.community_member).get("/").content.decode()
