"""Pages of /meetings/: meetings, agendas, attendance, minutes, action items, calendars.

One module per part; this package re-exports the views so `urls.py` keeps naming
them as `views.<name>`."""

from ccrhub.meetings.views.action_items import (
    action_comment,
    action_create,
    action_detail,
    action_list,
    action_overdue,
    action_update,
)
from ccrhub.meetings.views.base import CONFLICT, ICS_TYPE
from ccrhub.meetings.views.calendar_feeds import (
    calendar_create,
    calendar_feed,
    calendar_revoke,
    calendar_settings,
)
from ccrhub.meetings.views.decisions import (
    decision_close,
    decision_create,
    decision_detail,
    decision_list,
    decision_open,
    decision_vote,
)
from ccrhub.meetings.views.meetings import (
    agenda_add,
    agenda_remove,
    agenda_template,
    attendance_edit,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_ics,
    meeting_list,
    minutes_approve,
    minutes_edit,
)

__all__ = [
    "CONFLICT",
    "ICS_TYPE",
    "action_comment",
    "action_create",
    "action_detail",
    "action_list",
    "action_overdue",
    "action_update",
    "agenda_add",
    "agenda_remove",
    "agenda_template",
    "attendance_edit",
    "calendar_create",
    "calendar_feed",
    "calendar_revoke",
    "calendar_settings",
    "decision_close",
    "decision_create",
    "decision_detail",
    "decision_list",
    "decision_open",
    "decision_vote",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "meeting_list",
    "minutes_approve",
    "minutes_edit",
]
