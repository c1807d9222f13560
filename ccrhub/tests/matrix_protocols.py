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

from ccrhub.tests.permission_matrix_base import (
    CCR_MEMBERS,
    OK,
    Capability,
    Declaration,
    Door,
    Row,
    each,
    either_door,
)

VIEWERS = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate", "community_member")
SIGNERS = ("coordinator", "agency_admin")


def _manage(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), "coordinator": answer}


def _sign(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), **each(SIGNERS, answer)}


CCR = {"collaborative": "{ccr}"}

ROWS: list[Declaration] = [
    Capability(
        "list protocols",
        {**each(VIEWERS, OK), "outsider": OK},
        otherwise=403,
        page="GET protocols:protocol-list",
        api="GET api-protocol-list",
    ),
    Capability(
        "start a protocol in a collaborative one coordinates",
        {"coordinator": OK, "outsider": OK},
        otherwise=403,
        page=("GET protocols:protocol-create", "POST protocols:protocol-create"),
        api=Door("POST", "api-protocol-list", {"collaborative": "{own_ccr}"}),
    ),
    Capability(
        "start a protocol in the Riverbend CCR",
        {**_manage(OK), "outsider": 404},
        otherwise=403,
        api=Door("POST", "api-protocol-list", CCR),
        one_door="the body names the collaborative; the page's form offers only one's own",
    ),
    Capability(
        "read a protocol, its versions and its signatures",
        each(VIEWERS, OK),
        target="protocol",
        page=("GET protocols:protocol-detail", "GET protocols:protocol-diff"),
        api=(
            "GET api-protocol-detail",
            "GET api-protocol-versions",
            "GET api-protocol-adoptions",
        ),
    ),
    Capability(
        "draft, submit, adopt or retire a protocol",
        _manage(OK),
        target="protocol",
        page=(
            "GET protocols:protocol-edit",
            "POST protocols:protocol-edit",
            "POST protocols:protocol-submit",
            "POST protocols:protocol-adopt",
            "GET protocols:protocol-retire",
            "POST protocols:protocol-retire",
        ),
        api=("PATCH api-protocol-detail", "POST api-protocol-versions"),
    ),
    Capability(
        "sign a protocol for one's agency",
        _sign(OK),
        target="protocol",
        page=("GET protocols:protocol-sign", "POST protocols:protocol-sign"),
        api="POST api-protocol-adoptions",
    ),
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
        "protocol": either_door(protocol.public_id),
        "protocol_v1": ({"public_id": protocol.public_id, "number": 1}, {}),
        "responsibility": ({"public_id": row.public_id}, {}),
    }
