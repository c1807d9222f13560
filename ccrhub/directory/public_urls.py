"""The directory's public addresses, included by `ccrhub.public.urls` (namespace `public`)."""

from django.urls import path

from ccrhub.directory import public_views
from ccrhub.lib import public_language  # noqa: F401  (registers `publiclang`)

urlpatterns = [
    path("directory/", public_views.search, name="directory-search"),
    path("<publiclang:lang>/directory/", public_views.search, name="directory-search"),
]
