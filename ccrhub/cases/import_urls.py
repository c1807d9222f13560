"""/imports/: event imports and saved column mappings."""

from django.urls import path

from ccrhub.cases import import_views as views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("mappings/", views.mapping_list, name="mapping-list"),
    path("mappings/new/", views.mapping_new, name="mapping-new"),
    path("mappings/<str:mapping_id>/", views.mapping_detail, name="mapping-detail"),
    path("<str:job_id>/", views.import_detail, name="import-detail"),
    path("<str:job_id>/start/", views.import_start, name="import-start"),
    path("<str:job_id>/progress/", views.import_progress, name="import-progress"),
    path("<str:job_id>/errors.csv", views.import_errors, name="import-errors"),
]
