"""Meetings of a collaborative, their agendas, attendance and minutes; action items;
the personal calendar feed; decisions and votes; cross-training; participation.

A CCR meeting discusses how systems respond, never individual survivors (CCR is not
case management): nothing here holds survivor data. Minutes may still be sensitive,
so a meeting can restrict them to the agencies that attended.

One module per part; this package re-exports the models, so they are still
`ccrhub.meetings.models.<Name>` for callers and migrations.
"""

from ccrhub.meetings.models.decisions import (
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionQuerySet,
    DecisionStatus,
    Tally,
    VoteChoice,
    VotingUnit,
)
from ccrhub.meetings.models.meetings import (
    CLOSED_STATUSES,
    ActionItem,
    ActionItemComment,
    ActionItemQuerySet,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingQuerySet,
    MeetingSeries,
    MinutesStatus,
)
from ccrhub.meetings.models.participation import Participant, ParticipantKind, ParticipationRecord
from ccrhub.meetings.models.training import (
    TrainingAttendance,
    TrainingSession,
    TrainingSessionQuerySet,
)

__all__ = [
    "CLOSED_STATUSES",
    "ActionItem",
    "ActionItemComment",
    "ActionItemQuerySet",
    "ActionStatus",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Ballot",
    "CalendarFeed",
    "Decision",
    "DecisionOutcome",
    "DecisionQuerySet",
    "DecisionStatus",
    "Meeting",
    "MeetingQuerySet",
    "MeetingSeries",
    "MinutesStatus",
    "Participant",
    "ParticipantKind",
    "ParticipationRecord",
    "Tally",
    "TrainingAttendance",
    "TrainingSession",
    "TrainingSessionQuerySet",
    "VoteChoice",
    "VotingUnit",
]
