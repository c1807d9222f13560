"""The project's URLs plus the audit area's, until ccrhub/urls.py includes them itself."""

from django.urls import include, path

from ccrhub.urls import handler400, handler403, handler404, handler500  # noqa: F401
from ccrhub.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("audit/", include("ccrhub.audit.urls")),
    path("api/v1/", include("ccrhub.audit.api")),
    *project_urlpatterns,
]
