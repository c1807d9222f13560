"""Cross-cutting HTTP behaviour: request ids, public-page hygiene, security headers."""

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from ccrhub.lib.request_id import reset_request_id, set_request_id

# Public paths: nothing identifies the visitor, nothing is remembered (S26).
PUBLIC_PATH = re.compile(
    r"^/(health/$|public/|api/hsds/|api/v1/reports/public-summary|static/"
    r"|meetings/calendar/[^/]+\.ics$)"
)

Handler = Callable[[HttpRequest], HttpResponse]


def is_public_path(path: str) -> bool:
    return bool(PUBLIC_PATH.match(path))


class RequestIdMiddleware:
    """Gives every request a correlation id: in logs, audit events and error pages."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class PublicPageMiddleware:
    """Public pages set no cookies, are never stored, and send no referrer.

    It sits above the session middleware, so whatever a view or a later middleware
    tries to set is removed before the response leaves.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_path(request.path):
            return self.get_response(request)
        request.is_public = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.cookies.clear()
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = "no-referrer"
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself (S27).

    Django's own middleware sends nosniff, COOP, Referrer-Policy and X-Frame-Options;
    django-csp sends the Content-Security-Policy. Pages are never stored: a signed-in
    page may hold case or survivor data, and the login page the e-mail typed into it.
    Static files (served before this middleware runs) keep their long cache.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["Cache-Control"] = "no-store"
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Default deny for pages (S1). The API answers 401 itself: DRF requires
    authentication on every endpoint unless the endpoint is declared public."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
