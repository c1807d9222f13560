"""Permission-matrix rows and targets of risk instruments and assessments.

Assessors (`risk.assess`: the advocate, members, agency admins) see their own agency's
assessments and instruments; the coordinator, analyst, community member and the
outsider's coordinator role do not assess (403). An assessment of Riverbend Safe
Harbor (the advocate's agency) exists only for the advocate: everybody else, the
police included, gets 404. Assessing a named survivor record is for its own agency.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import OK, Capability, Declaration, Door, Row, each

ASSESSORS = (
    "agency_admin",
    "police_officer",
    "prosecutor",
    "probation_officer",
    "party_officer",
    "advocate",
)
NON_ASSESSORS = ("coordinator", "analyst", "community_member", "outsider")


def _own_only(answer: int | str) -> dict[str, int | str]:
    """The advocate's agency's record: others who assess get 404, the rest 403."""
    return {**each(NON_ASSESSORS, 403), "advocate": answer}


ROWS: list[Declaration] = [
    Capability(
        "list the agency's risk assessments",
        each(ASSESSORS, OK),
        otherwise=403,
        page="GET risk:assessment-list",
        api="GET api-risk-assessments",
    ),
    Capability(
        "record a risk assessment",
        each(ASSESSORS, OK),
        otherwise=403,
        page=("GET risk:assessment-create", "POST risk:assessment-create"),
        api="POST api-risk-assessments",
    ),
    Capability(
        "assess a named survivor record",
        _own_only(OK),
        target="assess_survivor",
        page="GET risk:assessment-create",
        api=Door(
            "POST",
            "api-risk-assessments",
            {"survivor": "{survivor}", "instrument": "{instrument}", "answers": {"q1": "yes"}},
        ),
    ),
    Capability(
        "read the risk instruments",
        each(ASSESSORS, OK),
        otherwise=403,
        page="GET risk:instrument-list",
        api="GET api-risk-instruments",
    ),
    Row("risk:assessment-detail", "risk_assessment", "GET", {"advocate": 200}),
]
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.risk.actions import record_assessment
    from ccrhub.survivors.actions import create_survivor

    survivor = create_survivor(personas.vsp, actor=personas.advocate, name="Matrix survivor")
    assessment = record_assessment(
        survivor,
        "dash",
        {"q1": "yes"},
        actor=personas.advocate,
        agency=personas.vsp,
        assessed_on=datetime.date(2026, 3, 2),
    )
    return {
        "risk_assessment": ({"public_id": assessment.public_id}, {}),
        "assess_survivor": ({}, {"survivor": str(survivor.public_id), "instrument": "dash"}),
    }
