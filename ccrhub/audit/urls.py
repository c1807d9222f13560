from django.urls import path

from ccrhub.audit import views

app_name = "audit"
urlpatterns = [
    path("access-report/", views.access_report, name="access-report-view"),
    path("alerts/", views.alert_list, name="alert-list"),
    path(
        "alerts/<uuid:alert_id>/acknowledge/",
        views.alert_acknowledge,
        name="alert-acknowledge",
    ),
]
