"""/api/v1/: each app's api.py contributes its routes; the schema is for signed-in users."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ccrhub.lib.policy import authenticated

urlpatterns = [
    path("", include("ccrhub.accounts.api")),
    path("", include("ccrhub.partners.api")),
    path("", include("ccrhub.cases.api")),
    path("", include("ccrhub.cases.orders_api")),
    path("", include("ccrhub.cases.import_api")),
    path("", include("ccrhub.cases.metrics_api")),
    path("", include("ccrhub.audit.api")),
    path("", include("ccrhub.meetings.api")),
    path("", include("ccrhub.directory.api")),
    path("", include("ccrhub.outreach.api")),
    path("", include("ccrhub.protocols.api")),
    path("", include("ccrhub.risk.api")),
    path("", include("ccrhub.survivors.api")),
    path("", include("ccrhub.highrisk.api")),
    path("", include("ccrhub.reviews.api")),
    path("", include("ccrhub.evaluation.api")),
    path("schema/", authenticated(SpectacularAPIView.as_view()), name="api-schema"),
]
