"""Permission-matrix rows and targets of outreach (community education).

Members who see the CCR's meetings see its outreach; the analyst sees only the
coverage counts (403 on the list, 404 on an activity). The coordinator and the staff
of the delivering agency (the police department, for the target activity) edit and
remove; other members get 403. Recording is for the coordinator and the staff of a
member agency (the community member's neighbourhood association is one); the analyst
records nothing.
The outsider coordinates elsewhere: his list is empty, and Riverbend's activities and
coverage do not exist for him.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import CCR_ALL, CCR_MEMBERS, OK, Row, each

VIEWERS = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate", "community_member")
POLICE = ("police_officer", "party_officer", "agency_admin")
RECORDERS = (*VIEWERS, "outsider")


def _edit(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), "coordinator": answer, **each(POLICE, answer)}


ROWS: list[Row] = [
    Row("outreach:activity-list", "-", "GET", {**each(VIEWERS, 200), "outsider": 200}, 403),
    Row("outreach:activity-create", "-", "GET", each(RECORDERS, 200), otherwise=403),
    Row("outreach:activity-create", "-", "POST", each(RECORDERS, OK), otherwise=403),
    Row("outreach:activity-detail", "activity", "GET", each(VIEWERS, 200)),
    Row("outreach:activity-edit", "activity", "GET", _edit(200)),
    Row("outreach:activity-edit", "activity", "POST", _edit(OK)),
    Row("outreach:activity-remove", "activity", "GET", _edit(200)),
    Row("outreach:activity-remove", "activity", "POST", _edit(OK)),
    Row("outreach:coverage", "ccr", "GET", each(CCR_ALL, 200)),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.outreach import actions

    activity = actions.record_activity(
        personas.ccr,
        title="Protection orders explained",
        kind="event",
        starts_on=datetime.date(2026, 3, 5),
        agency=personas.police,
        setting="fairs",
        levels=["individual"],
        actor=personas.coordinator,
    )
    return {"activity": ({"public_id": activity.public_id}, {})}
