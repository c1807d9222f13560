"""Permission-matrix rows and targets of high-risk referrals and conferences.

The Riverbend high-risk team (MARAC) has the coordinator (who manages conferences),
the police officer, prosecutor and probation officer (members) and the advocate. The
same permission held in the CCR opens nothing here: the agency admin and the party
officer get 403 on lists and 404 on objects, like everyone outside the team. Members
refer (the coordinator does not); only the coordinator builds agendas, records
attendance, actions and minutes. The police department owns the target action, so
the police officer reports on it; other members read it and get 403 on a change.
Minutes are read by attending agencies only: the police attended, so the officer
reads them and the prosecutor gets 404.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import (
    OK,
    Capability,
    Declaration,
    Door,
    Row,
    each,
    either_door,
)

TEAM = ("coordinator", "police_officer", "prosecutor", "probation_officer", "advocate")
MEMBERS = ("police_officer", "prosecutor", "probation_officer", "advocate")


def _manage(answer: int | str) -> dict[str, int | str]:
    return {**each(MEMBERS, 403), "coordinator": answer}


ROWS: list[Declaration] = [
    Capability(
        "list the team's conferences",
        each(TEAM, OK),
        otherwise=403,
        page="GET highrisk:conference-list",
        api="GET api-highrisk-conference-list",
    ),
    Capability(
        "schedule a conference",
        {"coordinator": OK},
        otherwise=403,
        page=("GET highrisk:conference-create", "POST highrisk:conference-create"),
        api="POST api-highrisk-conference-list",
    ),
    Capability(
        "read a conference and its agenda",
        each(TEAM, OK),
        target="hr_conference",
        page="GET highrisk:conference-detail",
        api=("GET api-highrisk-conference-detail", "GET api-highrisk-agenda"),
    ),
    Capability(
        "build a conference's agenda",
        _manage(OK),
        target="hr_conference",
        page="POST highrisk:agenda-build",
        api="POST api-highrisk-agenda",
    ),
    Row("highrisk:conference-close", "hr_conference", "POST", _manage(OK)),
    Row("highrisk:returns", "hr_conference", "GET", each(TEAM, 200)),
    Row("highrisk:returns", "hr_conference", "POST", each(TEAM, OK)),
    Row("highrisk:meeting", "hr_conference", "GET", each(TEAM, 200)),
    Row("highrisk:attendance", "hr_conference", "GET", _manage(200)),
    Row("highrisk:attendance", "hr_conference", "POST", _manage(OK)),
    Row("highrisk:minutes", "hr_conference", "GET", {"coordinator": 200, "police_officer": 200}),
    Row(
        "highrisk:minutes",
        "hr_conference",
        "POST",
        {"coordinator": OK, "police_officer": 403},
        data={"version": "1", "minutes": "Agreed."},
    ),
    Row("highrisk:minutes-distribute", "hr_conference", "POST", _manage(OK)),
    Row("highrisk:action-report", "hr_conference", "GET", each(TEAM, 200)),
    Row("highrisk:case-discussed", "hr_case", "POST", _manage(OK)),
    Row("highrisk:action-create", "hr_case", "GET", _manage(200)),
    Row("highrisk:action-create", "hr_case", "POST", _manage(OK)),
    Capability(
        "record an action for a case discussed",
        {"coordinator": OK},
        otherwise=403,
        api="POST api-highrisk-action-list",
        one_door="the page names the case in its URL (404 for whoever may not see it)",
    ),
    Capability(
        "list the team's referrals",
        each(TEAM, OK),
        otherwise=403,
        page="GET highrisk:referral-list",
        api="GET api-highrisk-referral-list",
    ),
    Capability(
        "refer to the high-risk team",
        each(MEMBERS, OK),
        otherwise=403,
        page=("GET highrisk:referral-create", "POST highrisk:referral-create"),
        api="POST api-highrisk-referral-list",
    ),
    Capability(
        "read a referral",
        each(TEAM, OK),
        target="hr_referral",
        page="GET highrisk:referral-detail",
        api="GET api-highrisk-referral-detail",
    ),
    Capability(
        "correct a referral",
        {**each(MEMBERS, 403), "coordinator": OK, "advocate": OK},
        target="hr_referral",
        api=Door("PATCH", "api-highrisk-referral-detail", {"version": "1", "children_count": "1"}),
        one_door="referrals are corrected through the API; the page only reads them",
    ),
    Capability(
        "list the team's actions",
        each(TEAM, OK),
        otherwise=403,
        page="GET highrisk:action-list",
        api="GET api-highrisk-action-list",
    ),
    Capability(
        "read an action",
        each(TEAM, OK),
        target="hr_action",
        page="GET highrisk:action-detail",
        api="GET api-highrisk-action-detail",
    ),
    Capability(
        "report on an action",
        {**each(MEMBERS, 403), "coordinator": OK, "police_officer": OK},
        target="hr_action",
        page=Door("POST", "highrisk:action-detail", {"version": "1", "status": "complete"}),
        api=Door("PATCH", "api-highrisk-action-detail", {"version": "1", "status": "complete"}),
    ),
    Row("highrisk:escalations", "-", "GET", {"coordinator": 200}, otherwise=403),
    Row("highrisk:measures", "hr_team", "GET", each(TEAM, 200)),
    Row("highrisk:data-return", "hr_team", "GET", _manage(200)),
    Row("highrisk:team-settings", "hr_team", "GET", _manage(200)),
    Row("highrisk:team-settings", "hr_team", "POST", _manage(OK)),
    Row("highrisk:referral-transfer", "hr_referral", "GET", _manage(200)),
    Row("highrisk:referral-transfer", "hr_referral", "POST", _manage(OK)),
]
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.highrisk import actions

    referral = actions.refer_to_conference(
        personas.marac,
        actor=personas.advocate,
        victim_ref="Matrix victim",
        perpetrator_ref="Matrix perpetrator",
        referred_on=datetime.date(2026, 3, 2),
        professional_judgement=True,
        judgement_reasons="Threats to kill.",
        consented=True,
    )
    conference = actions.schedule_conference(
        personas.marac,
        held_on=datetime.date(2026, 3, 12),
        cadence="monthly",
        actor=personas.coordinator,
    )
    (entry,) = actions.build_agenda(conference, actor=personas.coordinator)
    action = actions.record_action(
        entry,
        owner_agency=personas.police,
        risk_target="victim",
        description="Flag the address",
        due_on=datetime.date(2026, 3, 20),
        actor=personas.coordinator,
    )
    actions.record_attendance(
        conference,
        agency=personas.police,
        person_name="Sgt. Reyes",
        kind="member",
        confidentiality_signed=True,
        actor=personas.coordinator,
    )
    return {
        "hr_referral": either_door(referral.public_id),
        "hr_conference": either_door(conference.public_id),
        "hr_case": ({"public_id": entry.public_id}, {}),
        "hr_action": either_door(action.public_id),
        "hr_team": ({"public_id": personas.marac.public_id}, {}),
    }
