"""The URL map. Each app owns its paths; the API lives under /api/v1/."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from ccrhub.lib import errors, health, navigation

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "CCR Hub administration"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("i18n/setlang/", navigation.set_language, name="set_language"),
    path("", include("ccrhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("partners/", include("ccrhub.partners.urls")),
    path("foundations/", include("ccrhub.partners.foundations_urls")),
    path("cases/", include("ccrhub.cases.urls")),
    path("measures/", include("ccrhub.cases.metrics_urls")),
    path("imports/", include("ccrhub.cases.import_urls")),
    path("chasing/", include("ccrhub.cases.chasing_urls")),
    path("audit/", include("ccrhub.audit.urls")),
    path("meetings/", include("ccrhub.meetings.urls")),
    path("directory/", include("ccrhub.directory.urls")),
    path("outreach/", include("ccrhub.outreach.urls")),
    path("protocols/", include("ccrhub.protocols.urls")),
    path("risk/", include("ccrhub.risk.urls")),
    path("survivors/", include("ccrhub.survivors.urls")),
    path("highrisk/", include("ccrhub.highrisk.urls")),
    path("reviews/", include("ccrhub.reviews.urls")),
    path("evaluation/", include("ccrhub.evaluation.urls")),
    path("public/", include("ccrhub.public.urls")),
    path("api/hsds/", include("ccrhub.directory.hsds_urls")),
    path("api/v1/", include("ccrhub.api_urls")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
