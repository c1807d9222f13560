"""S1: a declared permission is enforced, not just a label. A page and an endpoint that
declare `requires("cases.view")` and check nothing themselves still refuse the analyst
(no role of hers grants it anywhere) with 403, let the police officer in, and send the
anonymous visitor to the login page (pages) or answer 401 (API). A name no role
defines fails the start-up check.

This module is also the URL configuration of its tests: the real one plus those views.
"""

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from ccrhub import urls as project_urls
from ccrhub.lib.policy import permissions_of, requires
from ccrhub.partners import checks as permission_checks


@requires("cases.view")
def trusting_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("reached")


@requires("members.manage", "members.manage_own_agency")
def either_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("reached")


@requires("cases.view")
class TrustingEndpoint(APIView):
    def get(self, request: Request) -> Response:
        return Response({"reached": True})


urlpatterns = [
    path("trusting/", trusting_page),
    path("either/", either_page),
    path("api/v1/trusting", TrustingEndpoint.as_view()),
    *project_urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_a_page_refuses_whoever_holds_the_declared_permission_nowhere(
    personas: Any, client_as: Any
) -> None:
    assert client_as(personas.analyst).get("/trusting/").status_code == 403
    assert client_as(personas.community_member).get("/trusting/").status_code == 403
    assert client_as(personas.police_officer).get("/trusting/").content == b"reached"
    anonymous = Client().get("/trusting/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_endpoint_refuses_whoever_holds_the_declared_permission_nowhere(
    personas: Any, api_as: Any
) -> None:
    refused = api_as(personas.analyst).get("/api/v1/trusting")
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    assert api_as(personas.police_officer).get("/api/v1/trusting").json() == {"reached": True}
    assert APIClient().get("/api/v1/trusting").status_code == 401


def test_one_of_several_declared_permissions_is_enough(personas: Any, client_as: Any) -> None:
    assert permissions_of(either_page) == ("members.manage", "members.manage_own_agency")
    assert client_as(personas.coordinator).get("/either/").status_code == 200
    assert client_as(personas.agency_admin).get("/either/").status_code == 200
    assert client_as(personas.police_officer).get("/either/").status_code == 403


def test_every_permission_the_code_names_is_defined_by_a_role() -> None:
    assert permission_checks.check_permission_names() == []


def test_a_permission_no_role_defines_fails_the_start_up_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(permission_checks, "routed_permissions", lambda: {"cases.veiw"})
    errors = permission_checks.check_permission_names()
    assert [error.id for error in errors] == ["ccrhub.permissions.E001"]
    assert "cases.veiw" in errors[0].msg
