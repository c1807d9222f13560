"""/protocols/: protocols, policies, mous and information-sharing agreements.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import URLPattern, URLResolver, path

from ccrhub.protocols import views

app_name = "protocols"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.protocol_list, name="protocol-list"),
    path("new/", views.protocol_create, name="protocol-create"),
    path(
        "responsibilities/<str:public_id>/",
        views.responsibility_matrix,
        name="responsibility-matrix",
    ),
    path(
        "responsibilities/<str:public_id>/template/",
        views.responsibility_template,
        name="responsibility-template",
    ),
    path(
        "responsibilities/<str:public_id>/add/",
        views.responsibility_add,
        name="responsibility-add",
    ),
    path(
        "responsibility/<str:public_id>/edit/",
        views.responsibility_edit,
        name="responsibility-edit",
    ),
    path(
        "responsibility/<str:public_id>/remove/",
        views.responsibility_remove,
        name="responsibility-remove",
    ),
    path("<str:public_id>/", views.protocol_detail, name="protocol-detail"),
    path("<str:public_id>/edit/", views.protocol_edit, name="protocol-edit"),
    path("<str:public_id>/submit/", views.protocol_submit, name="protocol-submit"),
    path("<str:public_id>/adopt/", views.protocol_adopt, name="protocol-adopt"),
    path("<str:public_id>/retire/", views.protocol_retire, name="protocol-retire"),
    path("<str:public_id>/sign/", views.protocol_sign, name="protocol-sign"),
    path("<str:public_id>/diff/", views.protocol_diff, name="protocol-diff"),
    path("<str:public_id>/v/<int:number>/", views.version_detail, name="version-detail"),
    path("<str:public_id>/v/<int:number>/pdf/", views.version_pdf_view, name="version-pdf"),
]
