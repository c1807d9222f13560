"""/partners/: collaboratives, agencies, memberships, roles, coverage, the avenue tool.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.collaborative_list, name="collaborative-list"),
    path("collaboratives/new", views.collaborative_create, name="collaborative-create"),
    path(
        "collaboratives/<str:public_id>/",
        views.collaborative_detail,
        name="collaborative-detail",
    ),
    path(
        "collaboratives/<str:public_id>/edit",
        views.collaborative_edit,
        name="collaborative-edit",
    ),
    path(
        "collaboratives/<str:public_id>/deactivate",
        views.collaborative_deactivate,
        name="collaborative-deactivate",
    ),
    path(
        "collaboratives/<str:public_id>/coverage",
        views.coverage_detail,
        name="coverage-detail",
    ),
    path(
        "collaboratives/<str:public_id>/agencies/add",
        views.membership_create,
        name="membership-create",
    ),
    path(
        "collaboratives/<str:public_id>/agencies/<str:agency_id>/end",
        views.membership_end,
        name="membership-end",
    ),
    path("collaboratives/<str:public_id>/roles/grant", views.role_grant, name="role-grant"),
    path(
        "collaboratives/<str:public_id>/roles/<str:representative_id>/revoke",
        views.role_revoke,
        name="role-revoke",
    ),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new", views.agency_create, name="agency-create"),
    path("agencies/<str:public_id>/", views.agency_detail, name="agency-detail"),
    path("agencies/<str:public_id>/edit", views.agency_edit, name="agency-edit"),
    path("agencies/<str:public_id>/deactivate", views.agency_deactivate, name="agency-deactivate"),
    path("avenue/", views.avenue_list, name="avenue-list"),
    path("avenue/new", views.avenue_create, name="avenue-create"),
    path("avenue/<str:public_id>/", views.avenue_detail, name="avenue-detail"),
]
