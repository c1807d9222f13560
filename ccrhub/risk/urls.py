"""/risk/: risk instruments and assessments.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.assessment_list, name="assessment-list"),
    path("new/", views.assessment_create, name="assessment-create"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("<str:public_id>/", views.assessment_detail, name="assessment-detail"),
]
