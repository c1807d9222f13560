"""Errors that leak nothing (S28): generic pages with a correlation id, lean reports.

The pages never echo the path, the exception or the reason: only a title and the
request id, which the logs carry too. Inside the public area they use the public
layout (quick exit, no cookies, no link into the private area). Under /api/ the
answer is never a page: it is a problem document (RFC 9457), as from the API itself.
"""

from collections.abc import ItemsView
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from ccrhub.lib.request_id import current_request_id

# Keep this module light: the logging configuration imports it before apps are ready.


def is_public_path(path: str) -> bool:
    from ccrhub.lib.middleware import is_public_path as public_path

    return public_path(path)


class StrictExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports carry neither local variables nor POST data."""

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        return {}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> ItemsView[str, Any]:
        return {}.items()


class StrictExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        data.pop("request_GET_items", None)
        data.pop("request_FILES_items", None)
        data.pop("request_COOKIES_items", None)
        data["settings"] = {}
        return data


def _public_language(path: str) -> str:
    return "es" if path.startswith("/public/es/") else "en"


def _public_links(language: str) -> dict[str, str]:
    kwargs = {"lang": language} if language != "en" else {}
    try:
        return {
            "home": reverse("public:home", kwargs=kwargs),
            "safety": reverse("public:safety", kwargs=kwargs),
        }
    except NoReverseMatch:
        return {}


def _context(request: HttpRequest, status: int, title: str | Promise) -> dict[str, Any]:
    context: dict[str, Any] = {
        "status": status,
        "title": title,
        "request_id": getattr(request, "request_id", "") or current_request_id(),
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "base_template": "base.html",
        # The language switcher returns to the dashboard, never echoing the asked-for
        # path: a hidden object must answer exactly like a missing one (S3).
        "language_next": "/",
    }
    if is_public_path(request.path):
        context["base_template"] = "public/base.html"
        context["public_links"] = _public_links(_public_language(request.path))
    return context


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def _api_problem(request: HttpRequest, status: int) -> JsonResponse:
    """The problem document of `ccrhub.lib.api`, for errors that never reach DRF (an
    unknown path, a crash)."""
    from ccrhub.lib.api import PROBLEM_CONTENT_TYPE, problem_body

    request_id = getattr(request, "request_id", "") or current_request_id()
    body = problem_body(status, request_id=request_id)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def _error_page(request: HttpRequest, status: int, title: str | Promise) -> HttpResponse:
    if is_api_path(request.path):
        return _api_problem(request, status)
    context = _context(request, status, title)
    if is_public_path(request.path):
        with translation.override(_public_language(request.path)):
            return render(request, "error.html", context, status=status)
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, _("Bad request"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, _("You may not do this"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page whether the thing does not exist or may not be seen (S3).
    return _error_page(request, 404, _("Page not found"))


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """Over a rate limit (ccrhub.lib.rate_limits): when to try again, nothing more."""
    response = _error_page(request, 429, _("Too many requests"))
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path):
        return _api_problem(request, 500)
    # Rendered without the request's context processors: whatever broke (the database,
    # the session) must not break the error page too.
    context = _context(request, 500, _("Something went wrong"))
    context["LANGUAGE_CODE"] = translation.get_language() or "en"
    body = loader.get_template("error.html").render(context)
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # `reason` stays in the logs' hands, not on the page.
    return _error_page(request, 403, _("Your form expired; go back, reload and try again"))
