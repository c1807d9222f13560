"""Permission-matrix rows and targets of meetings, decisions, action items and calendar
feeds.

Members of a collaborative (community members too) see its meetings and action items;
analysts do not (403 on lists, 404 on objects); the coordinator manages. An action
item's status is also the owning agency's to change (the police department's people
for the target item). The outsider coordinates elsewhere: his lists are empty, and
Riverbend's objects do not exist for him. The calendar feed is public: its token is
the credential, for anyone holding it; a revoked token is not found by anyone.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import (
    CCR_ALL,
    CCR_MEMBERS,
    OK,
    PERSONAS,
    SIGNED_IN,
    Capability,
    Declaration,
    Door,
    Row,
    each,
    either_door,
)

VIEWERS = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate", "community_member")
POLICE = ("police_officer", "party_officer", "agency_admin")


def _manage(answer: int | str) -> dict[str, int | str]:
    return {**each(VIEWERS, 403), "coordinator": answer}


def _lists() -> dict[str, int | str]:
    return {**each(VIEWERS, 200), "outsider": 200}


CCR_OF_ONES_OWN = {"collaborative": "{own_ccr}"}
RIVERBEND = {"collaborative": "{ccr}"}


ROWS: list[Declaration] = [
    Capability(
        "list meetings",
        _lists(),
        otherwise=403,
        page="GET meetings:meeting-list",
        api="GET api-meeting-list",
    ),
    Capability(
        "schedule a meeting in a collaborative one coordinates",
        {"coordinator": OK, "outsider": OK},
        otherwise=403,
        page="GET meetings:meeting-create",
        api=Door("POST", "api-meeting-list", CCR_OF_ONES_OWN),
    ),
    Capability(
        "schedule a meeting in the Riverbend CCR",
        {**each(CCR_ALL, 403), "coordinator": OK},
        api=Door("POST", "api-meeting-list", RIVERBEND),
        one_door="the body names the collaborative; the page's form offers only one's own",
    ),
    Capability(
        "read a meeting",
        each(VIEWERS, OK),
        target="meeting",
        page="GET meetings:meeting-detail",
        api="GET api-meeting-detail",
    ),
    Capability(
        "change a meeting",
        _manage(OK),
        target="meeting",
        page=("GET meetings:meeting-edit", "POST meetings:meeting-edit"),
        api="PATCH api-meeting-detail",
    ),
    Row("meetings:meeting-ics", "meeting", "GET", each(VIEWERS, 200)),
    Row("meetings:agenda-add", "meeting", "POST", _manage(OK)),
    Row("meetings:agenda-template", "meeting", "POST", _manage(OK)),
    Row("meetings:agenda-remove", "agenda_item", "POST", _manage(OK)),
    Row("meetings:attendance-edit", "meeting", "GET", _manage(200)),
    Row("meetings:attendance-edit", "meeting", "POST", _manage(OK)),
    Row("meetings:minutes-edit", "meeting", "GET", _manage(200)),
    Row("meetings:minutes-edit", "meeting", "POST", _manage(OK)),
    Row("meetings:minutes-approve", "meeting", "POST", _manage(OK)),
    Row("meetings:action-create", "meeting", "GET", _manage(200)),
    Row("meetings:action-create", "meeting", "POST", _manage(OK)),
    Capability(
        "list action items",
        _lists(),
        otherwise=403,
        page="GET meetings:action-list",
        api="GET api-action-item-list",
    ),
    Capability(
        "create an action item in the Riverbend CCR",
        {**each(CCR_ALL, 403), "coordinator": OK},
        api=Door("POST", "api-action-item-list", RIVERBEND),
        one_door="the page creates an action item from its meeting (404 for who cannot see it)",
    ),
    Row("meetings:action-overdue", "-", "GET", _lists(), otherwise=403),
    Capability(
        "read an action item",
        each(VIEWERS, OK),
        target="action_item",
        page="GET meetings:action-detail",
        api="GET api-action-item-detail",
    ),
    Capability(
        "update an action item",
        {**each(VIEWERS, 403), "coordinator": OK, **each(POLICE, OK)},
        target="action_item",
        page="POST meetings:action-update",
        api="PATCH api-action-item-detail",
    ),
    Row("meetings:action-comment", "action_item", "POST", each(VIEWERS, OK)),
    Row("meetings:calendar-settings", "-", "GET", each(SIGNED_IN, 200)),
    Row("meetings:calendar-create", "-", "POST", each(SIGNED_IN, OK)),
    Row("meetings:calendar-revoke", "-", "POST", each(SIGNED_IN, OK)),
    Row("meetings:calendar-feed", "feed_token", "GET", each(PERSONAS, 200)),
    Row("meetings:calendar-feed", "revoked_feed_token", "GET", {}),
    # Decisions: every member votes on a per-person decision; the coordinator opens and
    # closes them.
    Row("meetings:decision-list", "-", "GET", _lists(), otherwise=403),
    Row("meetings:decision-create", "-", "GET", {"coordinator": 200, "outsider": 200}, 403),
    Row("meetings:decision-detail", "decision", "GET", each(VIEWERS, 200)),
    Row("meetings:decision-open", "draft_decision", "POST", _manage(OK)),
    Row("meetings:decision-vote", "decision", "POST", each(VIEWERS, OK), data={"choice": "agree"}),
    Row("meetings:decision-close", "decision", "POST", _manage(OK), data={"outcome": "adopted"}),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from django.utils import timezone

    from ccrhub.meetings import actions

    coordinator = personas.coordinator
    meeting = actions.schedule_meeting(
        personas.ccr,
        title="CCR meeting",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        actor=coordinator,
    )
    item = actions.add_agenda_item(meeting, title="Welcome", actor=coordinator)
    action = actions.create_action_item(
        personas.ccr,
        meeting=meeting,
        title="Share the arrest figures",
        owner_agency=personas.police,
        owner=personas.police_officer,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
        actor=coordinator,
    )
    revoked, revoked_token = actions.create_calendar_feed(
        personas.police_officer, actor=personas.police_officer
    )
    actions.revoke_calendar_feed(revoked, actor=personas.police_officer)
    _feed, token = actions.create_calendar_feed(coordinator, actor=coordinator)
    draft = actions.create_decision(
        personas.ccr, title="Adopt the arrest policy", voting_unit="person", actor=coordinator
    )
    decision = actions.open_decision(
        actions.create_decision(
            personas.ccr,
            title="Adopt the mission statement",
            voting_unit="person",
            meeting=meeting,
            actor=coordinator,
        ),
        actor=coordinator,
    )
    return {
        "meeting": either_door(meeting.public_id),
        "decision": ({"public_id": decision.public_id}, {}),
        "draft_decision": ({"public_id": draft.public_id}, {}),
        "agenda_item": ({"public_id": meeting.public_id, "item_id": item.public_id}, {}),
        "action_item": either_door(action.public_id),
        "feed_token": ({"token": token}, {}),
        "revoked_feed_token": ({"token": revoked_token}, {}),
    }
