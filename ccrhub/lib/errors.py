"""Errors that leak nothing (S28): generic pages with a correlation id, lean reports."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class StrictExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports carry neither local variables nor POST data."""

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        return {}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> list[Any]:
        return []


class StrictExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        data.pop("request_GET_items", None)
        data.pop("request_FILES_items", None)
        data.pop("request_COOKIES_items", None)
        data["settings"] = {}
        return data


def _error_page(request: HttpRequest, status: int, title: str) -> HttpResponse:
    return render(request, "error.html", {"status": status, "title": title}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, "Bad request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, "You may not do this")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page whether the thing does not exist or may not be seen (S3).
    return _error_page(request, 404, "Not found")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500, "Something went wrong")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, 403, "Your form expired; go back, reload and try again")
