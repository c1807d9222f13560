"""/evaluation/: goals, indicators, scorecards and reports.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.scorecard_home, name="scorecard-home"),
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/new/", views.goal_create, name="goal-create"),
    path("goals/<str:public_id>/", views.goal_detail, name="goal-detail"),
    path("goals/<str:public_id>/edit/", views.goal_edit, name="goal-edit"),
    path(
        "goals/<str:public_id>/indicators/new/",
        views.indicator_create,
        name="indicator-create",
    ),
    path("indicators/<str:public_id>/edit/", views.indicator_edit, name="indicator-edit"),
    path(
        "indicators/<str:public_id>/figures/new/",
        views.measurement_create,
        name="measurement-create",
    ),
    path("scorecards/<str:public_id>/", views.scorecard, name="scorecard"),
    path("scorecards/<str:public_id>/reviews/", views.review_list, name="review-list"),
    path("scorecards/<str:public_id>/reviews/new/", views.review_create, name="review-create"),
    path("scorecards/<str:public_id>/stories/", views.story_list, name="story-list"),
    path("scorecards/<str:public_id>/stories/new/", views.story_create, name="story-create"),
    path("stories/<str:public_id>/edit/", views.story_edit, name="story-edit"),
    path("scorecards/<str:public_id>/settings/", views.report_settings, name="report-settings"),
    path("scorecards/<str:public_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path("scorecards/<str:public_id>/exports/new/", views.export_create, name="export-create"),
    path("exports/<str:public_id>/", views.export_download, name="export-download"),
    path("coalitions/", views.coalition_list, name="coalition-list"),
    path("coalitions/<str:public_id>/", views.coalition_detail, name="coalition-detail"),
]
