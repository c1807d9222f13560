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

from ccrhub.tests.permission_matrix_base import CASE_WORKERS, OK, Capability, Declaration, each

# The police department's people: the officer, the party officer and their admin.
POLICE = ("police_officer", "party_officer", "agency_admin")
NOT_POLICE = ("prosecutor", "probation_officer", "advocate")
# Everyone who records some stage (the advocate's agency records none).
RECORDERS = ("coordinator", *POLICE, "prosecutor", "probation_officer")


def _police_owns(answer: int | str) -> dict[str, int | str]:
    return {**each(NOT_POLICE, 403), "coordinator": answer, **each(POLICE, answer)}


ROWS: list[Declaration] = [
    # Recording an event: each agency its own stages.
    Capability(
        "record an event on a case",
        {**each(RECORDERS, OK), "advocate": 403},
        target="case",
        page=("GET cases:event-create", "POST cases:event-create"),
        api="POST api-case-events",
    ),
    Capability(
        "record an event on a case",
        {**each(RECORDERS, OK), "advocate": 403, "party_officer": 404},
        target="party_case",
        page="GET cases:event-create",
        api="POST api-case-events",
    ),
    # Correcting an event: the recording agency (police) or the coordinator.
    Capability(
        "correct an event",
        _police_owns(OK),
        target="police_event",
        page=("GET cases:event-edit", "POST cases:event-edit"),
        api="PATCH api-event-detail",
    ),
    Capability(
        "correct an event",
        {**_police_owns(OK), "party_officer": 404},
        target="party_police_event",
        page="GET cases:event-edit",
        api="PATCH api-event-detail",
    ),
    Capability(
        "read an event",
        each(CASE_WORKERS, OK),
        target="police_event",
        api="GET api-event-detail",
        one_door="the pages show an event on its case's page",
    ),
    Capability(
        "read an event",
        {**each(CASE_WORKERS, OK), "party_officer": 404},
        target="party_police_event",
        api="GET api-event-detail",
        one_door="the pages show an event on its case's page",
    ),
    # Orders are issued by courts (none among the personas but the coordinator's say)
    # and served by the police.
    Capability(
        "issue an order",
        {**each(CASE_WORKERS, 403), "coordinator": OK},
        target="case",
        page="GET cases:order-create",
        api="POST api-case-orders",
    ),
    Capability(
        "record that an order was served",
        _police_owns(OK),
        target="case_order",
        page="GET cases:order-serve",
        api="POST api-order-serve",
    ),
    Capability(
        "record that an order was served",
        {**_police_owns(OK), "party_officer": 404},
        target="party_order",
        page="GET cases:order-serve",
        api="POST api-order-serve",
    ),
    # Violations: probation and police detect them; probation (or a court) answers them.
    Capability(
        "record a violation",
        {**_police_owns(OK), "probation_officer": OK},
        target="case",
        page="GET cases:violation-create",
        api="POST api-case-violations",
    ),
    Capability(
        "respond to a violation",
        {**each(CASE_WORKERS, 403), "coordinator": OK, "probation_officer": OK},
        target="case_violation",
        page=("GET cases:violation-respond", "POST cases:violation-respond"),
        api="POST api-violation-responses",
    ),
    Capability(
        "read the responses to a violation",
        each(CASE_WORKERS, OK),
        target="case_violation",
        api="GET api-violation-responses",
        one_door="the pages show the responses on the case's page",
    ),
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
    party_order = actions.issue_order(
        party_case,
        kind="no_contact",
        issued_on=day,
        issued_by=personas.court,
        actor=personas.coordinator,
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
        "police_event": ({"event_id": police_event.public_id}, {}),
        "party_police_event": ({"event_id": party_event.public_id}, {}),
        "case_order": ({"order_id": order.public_id}, {}),
        "party_order": ({"order_id": party_order.public_id}, {}),
        "case_violation": ({"violation_id": violation.public_id}, {}),
    }
