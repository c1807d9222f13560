"""What every template may use: the quick-exit address, the request id, the navigation."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ccrhub.lib.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "jurisdiction": settings.JURISDICTION,
        "request_id": getattr(request, "request_id", ""),
        # Lazy: public pages never use it, so they never touch the session or the user.
        "navigation": SimpleLazyObject(lambda: navigation_for(request)),
    }
