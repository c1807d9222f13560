"""Permission-matrix rows and targets of this case area, joined into the matrix.

Events, orders, violations and responses are reached through their case: whoever
may not see the case gets 404 (analysts, community members, outsiders, the party
officer on the case he is party to). Who may change a thing is the recording
agency's staff or a coordinator (an officer never edits a prosecutor's event, a
prosecutor never a police one); which agencies record a stage is the stage model's
answer (403 for the others).
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import CASE_WORKERS, OK, Row, each

# The police department's people: the officer, the party officer and their admin.
POLICE = ("police_officer", "party_officer", "agency_admin")
NOT_POLICE = ("prosecutor", "probation_officer", "advocate")
# Everyone who records some stage (the advocate's agency records none).
RECORDERS = ("coordinator", *POLICE, "prosecutor", "probation_officer")


def _police_owns(answer: int | str) -> dict[str, int | str]:
    return {**each(NOT_POLICE, 403), "coordinator": answer, **each(POLICE, answer)}


ROWS: list[Row] = [
    # Recording an event: each agency its own stages.
    Row("cases:event-create", "case", "GET", {**each(RECORDERS, 200), "advocate": 403}),
    Row("cases:event-create", "case", "POST", {**each(RECORDERS, OK), "advocate": 403}),
    Row(
        "cases:event-create",
        "events_party_case",
        "GET",
        {**each(RECORDERS, 200), "advocate": 403, "party_officer": 404},
    ),
    # Correcting an event: the recording agency (police) or the coordinator.
    Row("cases:event-edit", "police_event", "GET", _police_owns(200)),
    Row("cases:event-edit", "police_event", "POST", _police_owns(OK)),
    Row(
        "cases:event-edit",
        "party_police_event",
        "GET",
        {**_police_owns(200), "party_officer": 404},
    ),
    # Orders are issued by courts (none among the personas but the coordinator's say).
    Row("cases:order-create", "case", "GET", {**each(CASE_WORKERS, 403), "coordinator": 200}),
    Row("cases:order-serve", "case_order", "GET", _police_owns(200)),
    # Violations: probation and police detect them; probation (or a court) answers them.
    Row(
        "cases:violation-create",
        "case",
        "GET",
        {**_police_owns(200), "probation_officer": 200},
    ),
    Row(
        "cases:violation-respond",
        "case_violation",
        "GET",
        {**each(CASE_WORKERS, 403), "coordinator": 200, "probation_officer": 200},
    ),
    Row(
        "cases:violation-respond",
        "case_violation",
        "POST",
        {**each(CASE_WORKERS, 403), "coordinator": OK, "probation_officer": OK},
    ),
    # The API: the same rules through the other door.
    Row("api-case-events", "case", "GET", each(CASE_WORKERS, 200)),
    Row(
        "api-case-events",
        "events_party_case",
        "GET",
        {**each(CASE_WORKERS, 200), "party_officer": 404},
    ),
    Row("api-case-events", "case", "POST", each(CASE_WORKERS, OK)),
    Row("api-event-detail", "police_event", "GET", each(CASE_WORKERS, 200)),
    Row("api-event-detail", "police_event", "PATCH", _police_owns(OK)),
    Row(
        "api-event-detail",
        "party_police_event",
        "GET",
        {**each(CASE_WORKERS, 200), "party_officer": 404},
    ),
    Row("api-case-violations", "case", "GET", each(CASE_WORKERS, 200)),
    Row("api-case-violations", "case", "POST", each(CASE_WORKERS, OK)),
    Row(
        "api-case-violations",
        "events_party_case",
        "GET",
        {**each(CASE_WORKERS, 200), "party_officer": 404},
    ),
    Row("api-violation-responses", "case_violation", "GET", each(CASE_WORKERS, 200)),
    Row("api-violation-responses", "case_violation", "POST", each(CASE_WORKERS, OK)),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.accounts.restrictions import restrict
    from ccrhub.cases import actions

    day = datetime.date(2026, 2, 1)
    police_event = actions.record_event(
        case, stage="arrest", occurred_on=day, outcome="single", actor=personas.police_officer
    )
    party_case = actions.open_case(
        personas.ccr,
        external_ref="M-E-2",
        offender_ref="o-e-2",
        opened_on=day,
        actor=personas.police_officer,
    )
    party_event = actions.record_event(
        party_case, stage="incident", occurred_on=day, actor=personas.police_officer
    )
    restrict(party_case, actor=personas.coordinator, user=personas.party_officer, party=True)
    order = actions.issue_order(
        case,
        kind="no_contact",
        issued_on=day,
        issued_by=personas.court,
        actor=personas.coordinator,
    )
    violation = actions.record_violation(
        case, kind="technical", detected_on=day, actor=personas.probation_officer
    )
    return {
        "events_party_case": ({"case_id": party_case.public_id}, {}),
        "police_event": ({"event_id": police_event.public_id}, {}),
        "party_police_event": ({"event_id": party_event.public_id}, {}),
        "case_order": ({"order_id": order.public_id}, {}),
        "case_violation": ({"violation_id": violation.public_id}, {}),
    }
