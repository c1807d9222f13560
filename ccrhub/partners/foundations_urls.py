"""/foundations/: team foundations of each collaborative, and one-to-ones.

Ids in paths are strings, so a malformed id reaches the access function and answers
the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.partners import foundations_views as views

app_name = "foundations"
urlpatterns = [
    path("", views.foundations_home, name="foundations-home"),
    path("<str:public_id>/", views.foundations_detail, name="foundations-detail"),
    path("<str:public_id>/mission/new/", views.mission_create, name="mission-create"),
    path("mission/<str:public_id>/edit/", views.mission_edit, name="mission-edit"),
    path("mission/<str:public_id>/propose/", views.mission_propose, name="mission-propose"),
    path("<str:public_id>/leadership/new/", views.leadership_create, name="leadership-create"),
    path("leadership/<str:public_id>/end/", views.leadership_end, name="leadership-end"),
    path("<str:public_id>/one-to-ones/", views.one_to_one_list, name="one-to-one-list"),
    path("<str:public_id>/one-to-ones/new/", views.one_to_one_create, name="one-to-one-create"),
    path("one-to-ones/<str:public_id>/", views.one_to_one_edit, name="one-to-one-edit"),
]
