"""Permission-matrix rows and targets of chasing, court dockets and the orders API.

The chasing page is for whoever works cases somewhere (the outsider in his own
county); analysts and community members get 403, as on the case list. A court's
docket exists only for people who see cases in a collaborative where that court sits;
any other agency id, or a court elsewhere, is not found. Orders are reached through
their case, so the party officer never finds the orders of the case he is party to.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import CASE_WORKERS, OK, Row, each

ROWS: list[Row] = [
    Row("chasing:list", "-", "GET", {**each(CASE_WORKERS, 200), "outsider": 200}, otherwise=403),
    Row("chasing:court-docket", "riverbend_court", "GET", each(CASE_WORKERS, 200)),
    Row("chasing:court-docket", "not_a_court", "GET", {}),
    Row("api-case-orders", "case", "GET", each(CASE_WORKERS, 200)),
    Row("api-case-orders", "case", "POST", each(CASE_WORKERS, OK)),
    Row(
        "api-case-orders",
        "orders_party_case",
        "GET",
        {**each(CASE_WORKERS, 200), "party_officer": 404},
    ),
    Row("api-order-serve", "unserved_order", "POST", each(CASE_WORKERS, OK)),
    Row(
        "api-order-serve",
        "party_unserved_order",
        "POST",
        {**each(CASE_WORKERS, OK), "party_officer": 404},
    ),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.accounts.restrictions import restrict
    from ccrhub.cases import actions

    day = datetime.date(2026, 2, 1)
    order = actions.issue_order(
        case,
        kind="protection_order",
        issued_on=day,
        issued_by=personas.court,
        actor=personas.coordinator,
    )
    party_case = actions.open_case(
        personas.ccr,
        external_ref="M-C-2",
        offender_ref="o-c-2",
        opened_on=day,
        actor=personas.police_officer,
    )
    party_order = actions.issue_order(
        party_case,
        kind="no_contact",
        issued_on=day,
        issued_by=personas.court,
        actor=personas.coordinator,
    )
    restrict(party_case, actor=personas.coordinator, user=personas.party_officer, party=True)
    return {
        "riverbend_court": ({"agency_id": personas.court.public_id}, {}),
        "not_a_court": ({"agency_id": personas.police.public_id}, {}),
        "orders_party_case": ({"case_id": party_case.public_id}, {}),
        "unserved_order": ({"order_id": order.public_id}, {}),
        "party_unserved_order": ({"order_id": party_order.public_id}, {}),
    }
