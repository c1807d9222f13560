"""/directory/: maintaining the resource directory (signed-in)."""

from django.urls import URLPattern, URLResolver, path

from ccrhub.directory import views

app_name = "directory"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.service_list, name="service-list"),
    path("services/<str:public_id>/", views.service_detail, name="service-detail"),
    path("services/<str:public_id>/edit/", views.service_edit, name="service-edit"),
    path("services/<str:public_id>/capacity/", views.service_capacity, name="service-capacity"),
    path("services/<str:public_id>/verify/", views.service_verify, name="service-verify"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<str:public_id>/", views.organization_detail, name="organization-detail"),
    path("organizations/<str:public_id>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "organizations/<str:public_id>/services/new/",
        views.service_create,
        name="service-create",
    ),
    path(
        "organizations/<str:public_id>/locations/new/",
        views.location_create,
        name="location-create",
    ),
    path("locations/<str:public_id>/edit/", views.location_edit, name="location-edit"),
    path("package/", views.package, name="package"),
    path("package/export/", views.package_export, name="package-export"),
]
