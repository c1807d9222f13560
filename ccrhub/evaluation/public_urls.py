"""The public report's addresses, included by `ccrhub.public.urls` (namespace `public`)."""

from django.urls import path

from ccrhub.evaluation import public_views
from ccrhub.lib import public_language  # noqa: F401  (registers `publiclang`)

urlpatterns = [
    path("report/", public_views.report, name="report"),
    path("<publiclang:lang>/report/", public_views.report, name="report"),
]
