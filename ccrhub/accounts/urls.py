from django.urls import path

from ccrhub.accounts import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
