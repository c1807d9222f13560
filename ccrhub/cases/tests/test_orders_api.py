"""/api/v1/cases/{id}/orders and /api/v1/orders/{id}/serve: the same rules as the pages."""

import datetime

import pytest
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions
from ccrhub.cases.models import Order

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


def orders_url(case) -> str:
    return reverse("api-case-orders", args=[case.public_id])


def serve_url(order) -> str:
    return reverse("api-order-serve", args=[order.public_id])


def issued(personas, case, *, kind: str = "no_contact", on: datetime.date = DAY) -> Order:
    return actions.issue_order(
        case, kind=kind, issued_on=on, issued_by=personas.court, actor=personas.coordinator
    )


def test_the_coordinator_records_an_order_for_the_court(personas, ccr_case, api_as):
    response = api_as(personas.coordinator).post(
        orders_url(ccr_case),
        {
            "kind": "protection_order",
            "issued_on": "2026-03-10",
            "expires_on": "2027-03-10",
            "issued_by": personas.court.short_code,
            "conditions": ["no_contact", "firearms_surrender"],
            "served_on": "2026-03-11",  # not an input: ignored
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["issued_by"] == str(personas.court.public_id)
    assert body["conditions"] == ["firearms_surrender", "no_contact"]
    assert body["served_on"] is None
    order = Order.objects.get(public_id=body["id"])
    assert AuditEvent.objects.filter(action="order.issued", object_id=str(order.public_id))


def test_the_police_cannot_issue_an_order(personas, ccr_case, api_as):
    response = api_as(personas.police_officer).post(
        orders_url(ccr_case), {"kind": "no_contact", "issued_on": "2026-03-10"}, format="json"
    )

    # As on the page: the police issue no orders, whatever the body says.
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Order.objects.exists()


def test_the_coordinator_naming_an_agency_that_issues_no_orders_gets_the_field_named(
    personas, ccr_case, api_as
):
    body = {"kind": "no_contact", "issued_on": "2026-03-10", "issued_by": "police"}
    response = api_as(personas.coordinator).post(orders_url(ccr_case), body, format="json")

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert not Order.objects.exists()


def test_an_unknown_condition_is_refused(personas, ccr_case, api_as):
    response = api_as(personas.coordinator).post(
        orders_url(ccr_case),
        {
            "kind": "no_contact",
            "issued_on": "2026-03-10",
            "issued_by": personas.court.short_code,
            "conditions": ["banishment"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "conditions" in response.json()["errors"]


def test_the_prosecutor_lists_orders_oldest_first_page_by_page(personas, ccr_case, api_as):
    for n in range(3):
        issued(personas, ccr_case, on=DAY - datetime.timedelta(days=n))
    client = api_as(personas.prosecutor)

    first = client.get(orders_url(ccr_case), {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    dates = [o["issued_on"] for o in first["results"] + second["results"]]
    assert dates == ["2026-03-08", "2026-03-09", "2026-03-10"]
    assert second["next"] is None
    assert set(first["results"][0]) == {
        "id",
        "case",
        "kind",
        "track",
        "issued_by",
        "issued_on",
        "served_on",
        "served_by",
        "expires_on",
        "conditions",
        "created_at",
    }


def test_the_officer_serves_an_order_once(personas, ccr_case, api_as):
    order = issued(personas, ccr_case)
    client = api_as(personas.police_officer)

    response = client.post(serve_url(order), {"served_on": "2026-03-11"}, format="json")
    again = client.post(serve_url(order), {"served_on": "2026-03-12"}, format="json")

    assert response.status_code == 200
    assert response.json()["served_by"] == str(personas.police.public_id)
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    order.refresh_from_db()
    assert order.served_on == datetime.date(2026, 3, 11)


def test_an_order_is_not_served_before_it_was_issued(personas, ccr_case, api_as):
    order = issued(personas, ccr_case)

    response = api_as(personas.police_officer).post(
        serve_url(order), {"served_on": "2026-03-01"}, format="json"
    )

    assert response.status_code == 400
    assert "served_on" in response.json()["errors"]


def test_the_prosecutor_does_not_serve_orders(personas, ccr_case, api_as):
    order = issued(personas, ccr_case)

    response = api_as(personas.prosecutor).post(
        serve_url(order), {"served_on": "2026-03-11"}, format="json"
    )

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.served_on is None


def test_the_outsider_and_the_party_officer_find_nothing(personas, party_case, api_as):
    order = issued(personas, party_case)

    for user in (personas.outsider, personas.party_officer):
        client = api_as(user)
        assert client.get(orders_url(party_case)).status_code == 404
        served = client.post(serve_url(order), {"served_on": "2026-03-11"}, format="json")
        assert served.status_code == 404
        assert served.json() == {
            "type": "about:blank",
            "title": "Not found",
            "status": 404,
            "detail": "Not found.",
        }


def test_a_read_only_token_cannot_serve(personas, ccr_case, api_as):
    order = issued(personas, ccr_case)

    response = api_as(personas.police_officer, read_only=True).post(
        serve_url(order), {"served_on": "2026-03-11"}, format="json"
    )

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.served_on is None
