"""/meetings/: meetings, agendas, attendance, minutes, decisions, action items, calendar
feeds.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.meetings import training_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/overdue/", views.action_overdue, name="action-overdue"),
    path("actions/<str:public_id>/", views.action_detail, name="action-detail"),
    path("actions/<str:public_id>/status/", views.action_update, name="action-update"),
    path("actions/<str:public_id>/comments/", views.action_comment, name="action-comment"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/<str:public_id>/", views.decision_detail, name="decision-detail"),
    path("decisions/<str:public_id>/open/", views.decision_open, name="decision-open"),
    path("decisions/<str:public_id>/vote/", views.decision_vote, name="decision-vote"),
    path("decisions/<str:public_id>/close/", views.decision_close, name="decision-close"),
    path("training/<str:public_id>/", training_views.training_list, name="training-list"),
    path("training/<str:public_id>/new/", training_views.training_create, name="training-create"),
    path(
        "training/session/<str:public_id>/attendance/",
        training_views.training_attendance,
        name="training-attendance",
    ),
    path(
        "participation/<str:public_id>/",
        training_views.participation_list,
        name="participation-list",
    ),
    path(
        "participation/<str:public_id>/people/new/",
        training_views.participant_create,
        name="participant-create",
    ),
    path(
        "participation/<str:public_id>/hours/new/",
        training_views.participation_create,
        name="participation-create",
    ),
    path(
        "participation/record/<str:public_id>/pay/",
        training_views.participation_pay,
        name="participation-pay",
    ),
    path("calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/new/", views.calendar_create, name="calendar-create"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<str:public_id>/", views.meeting_detail, name="meeting-detail"),
    path("<str:public_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<str:public_id>/meeting.ics", views.meeting_ics, name="meeting-ics"),
    path("<str:public_id>/agenda/", views.agenda_add, name="agenda-add"),
    path("<str:public_id>/agenda/template/", views.agenda_template, name="agenda-template"),
    path(
        "<str:public_id>/agenda/<str:item_id>/remove/",
        views.agenda_remove,
        name="agenda-remove",
    ),
    path("<str:public_id>/attendance/", views.attendance_edit, name="attendance-edit"),
    path("<str:public_id>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("<str:public_id>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("<str:public_id>/actions/new/", views.action_create, name="action-create"),
]
