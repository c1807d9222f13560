from django.urls import path

from ccrhub.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_open, name="case-open"),
    path("<str:case_id>/", views.case_detail, name="case-detail"),
    path("<str:case_id>/edit/", views.case_edit, name="case-edit"),
    path("<str:case_id>/restrictions/", views.restriction_add, name="restriction-add"),
    path(
        "<str:case_id>/restrictions/<int:restriction_id>/lift/",
        views.restriction_lift,
        name="restriction-lift",
    ),
]
