"""The public area. English at /public/…, Spanish at /public/es/…: the language is
chosen by the address, never by a cookie (S26). The directory and the public report
bring their own addresses, included here under the one `public` namespace."""

from django.urls import include, path

from ccrhub.lib import public_language  # noqa: F401  (registers `publiclang`)
from ccrhub.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("<publiclang:lang>/", views.home, name="home"),
    path("<publiclang:lang>/safety/", views.safety, name="safety"),
    path("", include("ccrhub.directory.public_urls")),
    path("", include("ccrhub.evaluation.public_urls")),
]
