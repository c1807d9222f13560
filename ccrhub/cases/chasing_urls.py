from django.urls import path

from ccrhub.cases import chasing_views

app_name = "chasing"
urlpatterns = [
    path("", chasing_views.chasing, name="list"),
    path("court/<str:agency_id>/", chasing_views.court_docket_view, name="court-docket"),
]
