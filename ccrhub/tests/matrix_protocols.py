"""Permission-matrix rows and targets of protocols and agreements.

Every CCR role but the analyst sees the CCR's protocols and its roles &
responsibilities matrix (the analyst: 403 on the list, 404 on a protocol). The
coordinator drafts, submits, adopts, retires and edits the matrix; other members get
403. Signing is for the coordinator and the police department's agency admin (for
their own agency); other members get 403. A signature is a sensitive submission: the
POST goes through a recent-login check (a redirect, counted as reaching the view).
The outsider coordinates elsewhere: the list is his own (empty), he may start a
protocol in his own collaborative, and Riverbend's protocols do not exist for him.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import CCR_MEMBERS, OK, Row, each

VIEWERS = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate", "community_member")
SIGNERS = ("coordinator", "agency_admin")


def _manage(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), "coordinator": answer}


def _sign(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), **each(SIGNERS, answer)}


CCR = {"collaborative": "{ccr}"}

ROWS: list[Row] = [
    Row("protocols:protocol-list", "-", "GET", {**each(VIEWERS, 200), "outsider": 200}, 403),
    Row("protocols:protocol-create", "-", "GET", {"coordinator": 200, "outsider": 200}, 403),
    Row("protocols:protocol-create", "-", "POST", {"coordinator": OK, "outsider": OK}, 403),
    Row("protocols:protocol-detail", "protocol", "GET", each(VIEWERS, 200)),
    Row("protocols:protocol-edit", "protocol", "GET", _manage(200)),
    Row("protocols:protocol-edit", "protocol", "POST", _manage(OK)),
    Row("protocols:protocol-submit", "protocol", "POST", _manage(OK)),
    Row("protocols:protocol-adopt", "protocol", "POST", _manage(OK)),
    Row("protocols:protocol-retire", "protocol", "GET", _manage(200)),
    Row("protocols:protocol-retire", "protocol", "POST", _manage(OK)),
    Row("protocols:protocol-sign", "protocol", "GET", _sign(200)),
    Row("protocols:protocol-sign", "protocol", "POST", _sign(OK)),
    Row("protocols:protocol-diff", "protocol", "GET", each(VIEWERS, 200)),
    Row("protocols:version-detail", "protocol_v1", "GET", each(VIEWERS, 200)),
    Row("protocols:version-pdf", "protocol_v1", "GET", each(VIEWERS, 200)),
    Row("protocols:responsibility-matrix", "ccr", "GET", each(VIEWERS, 200)),
    Row("protocols:responsibility-template", "ccr", "POST", _manage(OK)),
    Row("protocols:responsibility-add", "ccr", "GET", _manage(200)),
    Row("protocols:responsibility-add", "ccr", "POST", _manage(OK)),
    Row("protocols:responsibility-edit", "responsibility", "GET", _manage(200)),
    Row("protocols:responsibility-edit", "responsibility", "POST", _manage(OK)),
    Row("protocols:responsibility-remove", "responsibility", "GET", _manage(200)),
    Row("protocols:responsibility-remove", "responsibility", "POST", _manage(OK)),
    Row("api-protocol-list", "-", "GET", {**each(VIEWERS, 200), "outsider": 200}, 403),
    Row("api-protocol-list", "-", "POST", {**_manage(OK), "outsider": 404}, 403, data=CCR),
    Row("api-protocol-detail", "api_protocol", "GET", each(VIEWERS, 200)),
    Row("api-protocol-detail", "api_protocol", "PATCH", _manage(OK)),
    Row("api-protocol-versions", "api_protocol", "GET", each(VIEWERS, 200)),
    Row("api-protocol-versions", "api_protocol", "POST", _manage(OK)),
    Row("api-protocol-adoptions", "api_protocol", "GET", each(VIEWERS, 200)),
    Row("api-protocol-adoptions", "api_protocol", "POST", _sign(OK)),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case.

    The protocol has version 1 in force and version 2 in review."""
    from ccrhub.protocols import actions

    coordinator = personas.coordinator
    protocol = actions.create_protocol(
        personas.ccr,
        actor=coordinator,
        kind="protocol",
        title="Arrest and response protocol",
        text="1. Respond.\n2. Report.",
        review_due_on=datetime.date(2026, 6, 1),
        governed_stages=["arrest"],
    )
    actions.submit_for_review(protocol, actor=coordinator, version=protocol.version)
    actions.adopt_version(protocol, actor=coordinator, version=protocol.version)
    actions.save_draft(
        protocol,
        actor=coordinator,
        version=protocol.version,
        kind="protocol",
        title=protocol.title,
        text="1. Respond.\n2. Report within two days.",
        change_summary="Faster reports.",
        review_due_on=protocol.review_due_on,
        governed_stages=["arrest"],
        retraining_roles=["law_enforcement"],
    )
    actions.submit_for_review(protocol, actor=coordinator, version=protocol.version)
    row = actions.add_responsibility(
        personas.ccr,
        actor=coordinator,
        area="Law enforcement",
        text="Rapid, consistent response",
        agencies=[personas.police],
    )
    return {
        "protocol": ({"public_id": protocol.public_id}, {}),
        "protocol_v1": ({"public_id": protocol.public_id, "number": 1}, {}),
        "api_protocol": ({"id": protocol.public_id}, {}),
        "responsibility": ({"public_id": row.public_id}, {}),
    }
