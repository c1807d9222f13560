"""The public area. English at /public/…, Spanish at /public/es/…: the language is
chosen by the address, never by a cookie (S26)."""

from django.urls import path, register_converter

from ccrhub.directory import public_views as directory_public
from ccrhub.evaluation import public_views as evaluation_public
from ccrhub.public import views


class PublicLanguageConverter:
    """The languages the public area offers besides English (the default, unprefixed)."""

    regex = "es"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicLanguageConverter, "publiclang")

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("<publiclang:lang>/", views.home, name="home"),
    path("<publiclang:lang>/safety/", views.safety, name="safety"),
    path("directory/", directory_public.search, name="directory-search"),
    path("<publiclang:lang>/directory/", directory_public.search, name="directory-search"),
    path("report/", evaluation_public.report, name="report"),
    path("<publiclang:lang>/report/", evaluation_public.report, name="report"),
]
