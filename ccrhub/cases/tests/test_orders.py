"""Orders: the stage model says who issues which kind; service follows issue."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions
from ccrhub.cases.access import access_order

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 1)


def court_order(personas, case, **extra):
    return actions.issue_order(
        case,
        kind="protection_order",
        issued_on=DAY,
        issued_by=personas.court,
        actor=personas.coordinator,
        **extra,
    )


def test_the_coordinator_records_a_court_order_with_conditions(personas, ccr_case):
    order = court_order(
        personas,
        ccr_case,
        conditions=["no_contact", "firearms_surrender", "no_contact"],
        expires_on=DAY + datetime.timedelta(days=365),
    )
    assert order.conditions == ["firearms_surrender", "no_contact"]
    row = AuditEvent.objects.get(action="order.issued")
    assert row.object_id == str(order.public_id) and row.details == {"kind": "protection_order"}


def test_the_police_do_not_issue_court_orders_nor_unknown_conditions(personas, ccr_case):
    with pytest.raises(ValidationError):
        actions.issue_order(
            ccr_case, kind="protection_order", issued_on=DAY, actor=personas.police_officer
        )
    with pytest.raises(ValidationError):
        court_order(personas, ccr_case, conditions=["curfew_on_the_moon"])
    with pytest.raises(ValidationError):
        court_order(personas, ccr_case, expires_on=DAY - datetime.timedelta(days=1))


def test_a_dvpn_exists_only_in_england_and_wales(personas, ccr_case, settings):
    with pytest.raises(ValidationError):
        actions.issue_order(ccr_case, kind="dvpn", issued_on=DAY, actor=personas.police_officer)
    settings.JURISDICTION = "uk"
    notice = actions.issue_order(
        ccr_case, kind="dvpn", issued_on=DAY, actor=personas.police_officer
    )
    assert notice.issued_by == personas.police


def test_an_officer_serves_an_order_but_not_before_it_was_issued(personas, ccr_case):
    order = court_order(personas, ccr_case)
    with pytest.raises(ValidationError):
        actions.serve_order(
            order, served_on=DAY - datetime.timedelta(days=2), actor=personas.police_officer
        )
    served = actions.serve_order(
        order, served_on=DAY + datetime.timedelta(days=2), actor=personas.police_officer
    )
    assert (served.served_on, served.served_by) == (
        DAY + datetime.timedelta(days=2),
        personas.police,
    )
    assert AuditEvent.objects.filter(action="order.served", object_id=str(order.public_id)).exists()


def test_probation_does_not_serve_orders_and_analysts_do_not_write(personas, ccr_case):
    order = court_order(personas, ccr_case)
    with pytest.raises(ValidationError):
        actions.serve_order(order, served_on=DAY, actor=personas.probation_officer)
    with pytest.raises(PermissionDenied):
        actions.serve_order(order, served_on=DAY, actor=personas.analyst)


def test_orders_are_reached_through_their_case(personas, ccr_case, party_case):
    order = court_order(personas, party_case)
    for user in (personas.party_officer, personas.community_member, personas.outsider):
        with pytest.raises(Http404):
            access_order(user, order.public_id)
    assert access_order(personas.police_officer, order.public_id, write=True) == order
