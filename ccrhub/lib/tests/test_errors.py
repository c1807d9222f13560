"""S28: error pages are generic and show a correlation id; error reports hold no secrets.

This module is also the URL configuration of its tests: the real one plus views that fail.
"""

import sys

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.views.debug import (
    ExceptionReporter,
    SafeExceptionReporterFilter,
    get_exception_reporter_class,
)

from ccrhub import urls as project_urls
from ccrhub.lib import errors
from ccrhub.lib.policy import public

# Built from parts so the values never appear in a traceback's source lines.
SECRET_MESSAGE = "survivor lives at " + "12 Elm Street"
SECRET_LOCAL = "local-" + "value-4817"
SECRET_POST = "Jane " + "Roe-Secret"


@public
def explode(request: HttpRequest) -> HttpResponse:
    held_value = SECRET_LOCAL  # noqa: F841 (a local variable a report must not show)
    raise RuntimeError(SECRET_MESSAGE)


@public
def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET_MESSAGE)


@public
def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(SECRET_MESSAGE)


urlpatterns = [
    path("explode/", explode),
    path("public/explode/", explode),
    path("forbid/", forbid),
    path("suspicious/", suspicious),
    *project_urls.urlpatterns,
]
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def failing_client() -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


def test_a_random_path_gets_a_generic_not_found_page() -> None:
    path_ = "/collaboratives/a-name-nobody-should-see/"
    response = Client().get(path_)
    body = response.content.decode()

    assert response.status_code == 404
    assert "Page not found" in body
    assert "a-name-nobody-should-see" not in body
    assert response["X-Request-ID"] in body


def test_a_crash_shows_its_reference_and_nothing_of_the_exception() -> None:
    response = failing_client().get("/explode/")
    body = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong" in body
    assert response["X-Request-ID"] in body
    assert SECRET_MESSAGE not in body
    assert "RuntimeError" not in body
    assert "Traceback" not in body
    assert "explode" not in body


def test_a_crash_in_the_public_area_keeps_the_public_layout() -> None:
    response = failing_client().get("/public/explode/")
    body = response.content.decode()

    assert response.status_code == 500
    assert "data-quick-exit" in body
    assert "csrfmiddlewaretoken" not in body
    assert not response.cookies
    assert SECRET_MESSAGE not in body


def test_a_refusal_does_not_say_why() -> None:
    response = Client().get("/forbid/")

    assert response.status_code == 403
    assert SECRET_MESSAGE not in response.content.decode()
    assert response["X-Request-ID"] in response.content.decode()


def test_a_suspicious_request_gets_a_generic_bad_request_page() -> None:
    response = Client().get("/suspicious/")

    assert response.status_code == 400
    assert SECRET_MESSAGE not in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_expired_form_page_without_the_reason() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "x"})
    body = response.content.decode()

    assert response.status_code == 403
    assert "Your form expired" in body
    assert "CSRF cookie not set" not in body
    assert "Forbidden" not in body
    assert response["X-Request-ID"] in body


def _report(reporter_class: type[ExceptionReporter], filter_class: type | None = None) -> str:
    request = RequestFactory().post("/cases/", {"survivor_name": SECRET_POST})
    try:
        explode(request)
    except RuntimeError:
        exc_type, exc_value, tb = sys.exc_info()
    reporter = reporter_class(request, exc_type, exc_value, tb)
    if filter_class is not None:
        reporter.filter = filter_class()
    return reporter.get_traceback_text() + reporter.get_traceback_html()


def test_error_reports_strip_local_variables_and_posted_values() -> None:
    report = _report(get_exception_reporter_class(None))

    assert "explode" in report  # the report is real: it names the failing frame
    assert SECRET_LOCAL not in report
    assert SECRET_POST not in report


def test_without_the_strict_filter_the_same_report_would_leak() -> None:
    # Proves the test above can fail: Django's own filter shows both values.
    report = _report(ExceptionReporter, SafeExceptionReporterFilter)

    assert SECRET_LOCAL in report
    assert SECRET_POST in report


def test_the_configured_reporter_and_filter_are_the_strict_ones() -> None:
    assert get_exception_reporter_class(None) is errors.StrictExceptionReporter
    reporter = errors.StrictExceptionReporter(None, None, None, None)
    assert isinstance(reporter.filter, errors.StrictExceptionReporterFilter)
