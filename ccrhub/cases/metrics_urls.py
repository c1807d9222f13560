"""The measures pages, included under /measures/."""

from django.urls import path

from ccrhub.cases import metrics_views

app_name = "metrics"
urlpatterns = [
    path("", metrics_views.measures_home, name="measures-home"),
    path("<str:public_id>/", metrics_views.measures_detail, name="measures-detail"),
    path("<str:public_id>/funnel.csv", metrics_views.funnel_export, name="funnel-export"),
    path("<str:public_id>/measures.csv", metrics_views.measures_export, name="measures-export"),
]
