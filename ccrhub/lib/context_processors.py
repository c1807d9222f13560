from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "jurisdiction": settings.JURISDICTION,
        "request_id": getattr(request, "request_id", ""),
    }
