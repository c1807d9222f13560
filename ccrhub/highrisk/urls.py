"""/highrisk/: high-risk referrals and conferences.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.highrisk import views

app_name = "highrisk"
urlpatterns = [
    path("", views.conference_list, name="conference-list"),
    path("conferences/new/", views.conference_create, name="conference-create"),
    path("conferences/<str:public_id>/", views.conference_detail, name="conference-detail"),
    path("conferences/<str:public_id>/agenda/", views.agenda_build, name="agenda-build"),
    path("conferences/<str:public_id>/held/", views.conference_close, name="conference-close"),
    path("conferences/<str:public_id>/returns/", views.returns, name="returns"),
    path("conferences/<str:public_id>/meeting/", views.meeting, name="meeting"),
    path("conferences/<str:public_id>/attendance/", views.attendance, name="attendance"),
    path("conferences/<str:public_id>/minutes/", views.minutes, name="minutes"),
    path(
        "conferences/<str:public_id>/minutes/distribute/",
        views.minutes_distribute,
        name="minutes-distribute",
    ),
    path("conferences/<str:public_id>/action-report/", views.action_report, name="action-report"),
    path("cases/<str:public_id>/discussed/", views.case_discussed, name="case-discussed"),
    path("cases/<str:public_id>/actions/new/", views.action_create, name="action-create"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/new/", views.referral_create, name="referral-create"),
    path("referrals/<str:public_id>/", views.referral_detail, name="referral-detail"),
    path("referrals/<str:public_id>/transfer/", views.referral_transfer, name="referral-transfer"),
    path("teams/<str:public_id>/settings/", views.team_settings, name="team-settings"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<str:public_id>/", views.action_update, name="action-detail"),
    path("escalations/", views.escalations, name="escalations"),
    path("measures/<str:public_id>/", views.measures, name="measures"),
    path("measures/<str:public_id>/data-return.csv", views.data_return, name="data-return"),
]
