"""State changes of meetings, agendas, attendance, minutes, action items and calendar
feeds; each audited in the transaction that makes it. Audit details hold ids and
counts only: titles, minutes and comments never enter the trail.

The actions live in one module per responsibility; this package re-exports them so
callers keep importing from `ccrhub.meetings.actions`."""

from ccrhub.lib.concurrency import StaleVersion
from ccrhub.meetings.actions.action_items import (
    comment_on_action_item,
    create_action_item,
    update_action_item,
)
from ccrhub.meetings.actions.base import ACTION_CHANGES, ACTION_STATUS_CHANGES, MEETING_CHANGES
from ccrhub.meetings.actions.calendar_feeds import create_calendar_feed, revoke_calendar_feed
from ccrhub.meetings.actions.decisions import (
    AlreadyVoted,
    cast_vote,
    close_decision,
    create_decision,
    open_decision,
)
from ccrhub.meetings.actions.minutes import (
    AttendanceEntry,
    approve_minutes,
    change_meeting,
    record_attendance,
    save_minutes,
)
from ccrhub.meetings.actions.schedule import (
    add_agenda_item,
    add_template_to_agenda,
    create_series,
    materialise,
    remove_agenda_item,
    schedule,
    schedule_meeting,
    update_meeting,
)

__all__ = [
    "ACTION_CHANGES",
    "ACTION_STATUS_CHANGES",
    "MEETING_CHANGES",
    "AlreadyVoted",
    "AttendanceEntry",
    "StaleVersion",
    "add_agenda_item",
    "add_template_to_agenda",
    "approve_minutes",
    "cast_vote",
    "change_meeting",
    "close_decision",
    "comment_on_action_item",
    "create_action_item",
    "create_calendar_feed",
    "create_decision",
    "create_series",
    "materialise",
    "open_decision",
    "record_attendance",
    "remove_agenda_item",
    "revoke_calendar_feed",
    "save_minutes",
    "schedule",
    "schedule_meeting",
    "update_action_item",
    "update_meeting",
]
