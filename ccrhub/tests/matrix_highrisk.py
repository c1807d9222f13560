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

from ccrhub.tests.permission_matrix_base import OK, Row, each

TEAM = ("coordinator", "police_officer", "prosecutor", "probation_officer", "advocate")
MEMBERS = ("police_officer", "prosecutor", "probation_officer", "advocate")


def _manage(answer: int | str) -> dict[str, int | str]:
    return {**each(MEMBERS, 403), "coordinator": answer}


ROWS: list[Row] = [
    Row("highrisk:conference-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("highrisk:conference-create", "-", "GET", {"coordinator": 200}, otherwise=403),
    Row("highrisk:conference-create", "-", "POST", {"coordinator": OK}, otherwise=403),
    Row("highrisk:conference-detail", "hr_conference", "GET", each(TEAM, 200)),
    Row("highrisk:agenda-build", "hr_conference", "POST", _manage(OK)),
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
    Row("highrisk:referral-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("highrisk:referral-create", "-", "GET", each(MEMBERS, 200), otherwise=403),
    Row("highrisk:referral-create", "-", "POST", each(MEMBERS, OK), otherwise=403),
    Row("highrisk:referral-detail", "hr_referral", "GET", each(TEAM, 200)),
    Row("highrisk:action-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("highrisk:action-detail", "hr_action", "GET", each(TEAM, 200)),
    Row(
        "highrisk:action-detail",
        "hr_action",
        "POST",
        {**each(MEMBERS, 403), "coordinator": OK, "police_officer": OK},
        data={"version": "1", "status": "complete"},
    ),
    Row("highrisk:escalations", "-", "GET", {"coordinator": 200}, otherwise=403),
    Row("highrisk:measures", "hr_team", "GET", each(TEAM, 200)),
    Row("highrisk:data-return", "hr_team", "GET", _manage(200)),
    Row("highrisk:team-settings", "hr_team", "GET", _manage(200)),
    Row("highrisk:team-settings", "hr_team", "POST", _manage(OK)),
    Row("highrisk:referral-transfer", "hr_referral", "GET", _manage(200)),
    Row("highrisk:referral-transfer", "hr_referral", "POST", _manage(OK)),
    # API
    Row("api-highrisk-referral-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("api-highrisk-referral-list", "-", "POST", each(MEMBERS, OK), otherwise=403),
    Row("api-highrisk-referral-detail", "api_hr_referral", "GET", each(TEAM, 200)),
    Row(
        "api-highrisk-referral-detail",
        "api_hr_referral",
        "PATCH",
        {**each(MEMBERS, 403), "coordinator": OK, "advocate": OK},
        data={"version": "1", "children_count": "1"},
    ),
    Row("api-highrisk-conference-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("api-highrisk-conference-list", "-", "POST", {"coordinator": OK}, otherwise=403),
    Row("api-highrisk-conference-detail", "api_hr_conference", "GET", each(TEAM, 200)),
    Row("api-highrisk-agenda", "api_hr_conference", "GET", each(TEAM, 200)),
    Row("api-highrisk-agenda", "api_hr_conference", "POST", _manage(OK)),
    Row("api-highrisk-action-list", "-", "GET", each(TEAM, 200), otherwise=403),
    Row("api-highrisk-action-list", "-", "POST", {"coordinator": OK}, otherwise=403),
    Row("api-highrisk-action-detail", "api_hr_action", "GET", each(TEAM, 200)),
    Row(
        "api-highrisk-action-detail",
        "api_hr_action",
        "PATCH",
        {**each(MEMBERS, 403), "coordinator": OK, "police_officer": OK},
        data={"version": "1", "status": "complete"},
    ),
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
        "hr_referral": ({"public_id": referral.public_id}, {}),
        "hr_conference": ({"public_id": conference.public_id}, {}),
        "hr_case": ({"public_id": entry.public_id}, {}),
        "hr_action": ({"public_id": action.public_id}, {}),
        "hr_team": ({"public_id": personas.marac.public_id}, {}),
        "api_hr_referral": ({"id": referral.public_id}, {}),
        "api_hr_conference": ({"id": conference.public_id}, {}),
        "api_hr_action": ({"id": action.public_id}, {}),
    }
