"""/survivors/: the survivor compartment.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.survivors import views

app_name = "survivors"
urlpatterns = [
    path("", views.survivor_list, name="survivor-list"),
    path("new/", views.survivor_create, name="survivor-create"),
    path("shared/", views.shared_list, name="shared-list"),
    path("shared/<str:public_id>/", views.shared_detail, name="shared-detail"),
    path("releases/<str:public_id>/revoke/", views.release_revoke, name="release-revoke"),
    path("disclosures/<str:public_id>/", views.disclosure_detail, name="disclosure-detail"),
    path("tasks/<str:public_id>/done/", views.task_complete, name="task-complete"),
    path("<str:public_id>/", views.survivor_detail, name="survivor-detail"),
    path("<str:public_id>/edit/", views.survivor_edit, name="survivor-edit"),
    path("<str:public_id>/access-report/", views.survivor_access_report, name="access-report"),
    path("<str:public_id>/incident/", views.survivor_incident, name="survivor-incident"),
    path("<str:public_id>/releases/new/", views.release_create, name="release-create"),
    path("<str:public_id>/disclosures/new/", views.disclosure_create, name="disclosure-create"),
]
