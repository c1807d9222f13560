"""/outreach/: community education activities and each collaborative's coverage.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("new/", views.activity_create, name="activity-create"),
    path("coverage/<str:public_id>/", views.coverage, name="coverage"),
    path("<str:public_id>/", views.activity_detail, name="activity-detail"),
    path("<str:public_id>/edit/", views.activity_edit, name="activity-edit"),
    path("<str:public_id>/remove/", views.activity_remove, name="activity-remove"),
]
