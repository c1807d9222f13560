from django.urls import path

from ccrhub.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_open, name="case-open"),
    path("events/<str:event_id>/edit/", views.event_edit, name="event-edit"),
    path("orders/<str:order_id>/serve/", views.order_serve, name="order-serve"),
    path(
        "violations/<str:violation_id>/responses/new/",
        views.violation_respond,
        name="violation-respond",
    ),
    path("<str:case_id>/", views.case_detail, name="case-detail"),
    path("<str:case_id>/edit/", views.case_edit, name="case-edit"),
    path("<str:case_id>/events/new/", views.event_create, name="event-create"),
    path("<str:case_id>/orders/new/", views.order_create, name="order-create"),
    path("<str:case_id>/violations/new/", views.violation_create, name="violation-create"),
    path("<str:case_id>/restrictions/", views.restriction_add, name="restriction-add"),
    path(
        "<str:case_id>/restrictions/<int:restriction_id>/lift/",
        views.restriction_lift,
        name="restriction-lift",
    ),
]
