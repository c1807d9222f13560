"""Bad input never makes the API fail (no 5xx), and every error has one shape:
`application/problem+json` with `type`, `title`, `status`, `detail` and, for invalid
fields, `errors: {field: [messages]}` (API.md). Tests run with DEBUG off, as production.
"""

import base64
import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.test import Client
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub import urls as project_urls
from ccrhub.cases.actions import open_case, record_event
from ccrhub.cases.models import Case
from ccrhub.highrisk.tests.conftest import conference, refer
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.policy import authenticated
from ccrhub.meetings.tests.conftest import next_week

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is a problem document with this status; its body, for more asserts."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM, response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    return body


def a_case(personas: Any) -> Case:
    case = open_case(
        personas.ccr,
        external_ref="RB-1",
        offender_ref="OFF-1",
        opened_on=datetime.date(2026, 1, 5),
        actor=personas.police_officer,
    )
    record_event(
        case, stage="incident", occurred_on=datetime.date(2026, 1, 5), actor=personas.police_officer
    )
    return case


# --- filters on lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("opened_after=abc", "opened_after"),
        ("opened_before=2026-13-45", "opened_before"),
    ],
)
def test_a_bad_case_filter_is_a_400_problem_naming_it(
    personas: Any, api_as: Any, query: str, field: str
) -> None:
    response = api_as(personas.coordinator).get(f"/api/v1/cases/?{query}")
    assert field in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/meetings/?from=abc", "from"),
        ("/api/v1/action-items/?status=nonsense", "status"),
        ("/api/v1/action-items/?overdue=perhaps", "overdue"),
        ("/api/v1/highrisk/actions/?status=nonsense", "status"),
        ("/api/v1/recommendations/?status=nonsense", "status"),
        ("/api/v1/protocols/?kind=nonsense", "kind"),
    ],
)
def test_a_bad_filter_on_any_list_is_a_400_problem_naming_it(
    personas: Any, api_as: Any, url: str, field: str
) -> None:
    assert field in assert_problem(api_as(personas.coordinator).get(url), 400)["errors"]


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "201", "²"])
def test_a_page_size_outside_1_to_200_is_a_400_problem(
    personas: Any, api_as: Any, page_size: str
) -> None:
    response = api_as(personas.coordinator).get(f"/api/v1/cases/?page_size={page_size}")
    assert "page_size" in assert_problem(response, 400)["errors"]


# --- cursors --------------------------------------------------------------------------


def forged(position: str) -> str:
    """A cursor as DRF writes one, pointing at a position no list ever handed out."""
    return base64.b64encode(f"p={position}".encode()).decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/",
        "/api/v1/meetings/",
        "/api/v1/action-items/",
        "/api/v1/highrisk/referrals/",
        "/api/v1/highrisk/actions/",
        "/api/v1/recommendations/",
        "/api/v1/reviews/",
        "/api/v1/audit/events",
    ],
)
def test_a_forged_cursor_is_a_404_problem(personas: Any, api_as: Any, url: str) -> None:
    response = api_as(personas.coordinator).get(url, {"cursor": forged("abc")})
    assert_problem(response, 404)


def test_a_forged_cursor_on_a_case_s_events_is_a_404_problem(personas: Any, api_as: Any) -> None:
    case = a_case(personas)
    url = f"/api/v1/cases/{case.public_id}/events"
    response = api_as(personas.coordinator).get(url, {"cursor": forged("not-a-date")})
    assert_problem(response, 404)


def test_a_cursor_handed_out_by_a_list_pages_on_where_a_forged_one_is_refused(
    personas: Any, api_as: Any
) -> None:
    for n in range(3):
        open_case(
            personas.ccr,
            external_ref=f"RB-{n}",
            offender_ref=f"OFF-{n}",
            opened_on=datetime.date(2026, 1, 5),
            actor=personas.police_officer,
        )
    api = api_as(personas.coordinator)
    first = api.get("/api/v1/cases/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert second["next"] is None
    assert_problem(api.get("/api/v1/cases/", {"cursor": forged("1")}), 404)


# --- bodies that are not objects ------------------------------------------------------


@pytest.mark.parametrize("body", [b"[1, 2]", b'"a string"', b"42", b"null"])
def test_a_json_body_that_is_not_an_object_is_a_400_problem(
    personas: Any, api_as: Any, body: bytes
) -> None:
    response = api_as(personas.coordinator).generic(
        "POST", "/api/v1/cases/", body, content_type="application/json"
    )
    assert_problem(response, 400)


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/protocols/", "/api/v1/imports/"])
def test_a_json_array_is_a_400_problem_wherever_it_is_posted(
    personas: Any, api_as: Any, url: str
) -> None:
    response = api_as(personas.coordinator).post(url, [{"collaborative": "x"}], format="json")
    assert_problem(response, 400)


# --- versions -------------------------------------------------------------------------


def test_patching_a_high_risk_referral_without_its_version_is_a_400_problem(
    personas: Any, api_as: Any
) -> None:
    referral = refer(personas)
    response = api_as(personas.advocate).patch(
        f"/api/v1/highrisk/referrals/{referral.public_id}", {"children_count": 2}, format="json"
    )
    assert "version" in assert_problem(response, 400)["errors"]


def test_patching_a_high_risk_action_without_its_version_is_a_400_problem(
    personas: Any, api_as: Any
) -> None:
    from ccrhub.highrisk import actions as highrisk

    referral = refer(personas)
    meeting = conference(personas)
    (entry,) = highrisk.build_agenda(meeting, actor=personas.coordinator)
    action = highrisk.record_action(
        entry,
        owner_agency=personas.police,
        owner=None,
        risk_target="perpetrator",
        description="Check bail conditions.",
        due_on=datetime.date(2026, 3, 20),
        actor=personas.coordinator,
    )
    assert entry.referral_id == referral.pk
    response = api_as(personas.coordinator).patch(
        f"/api/v1/highrisk/actions/{action.public_id}", {"status": "done"}, format="json"
    )
    assert "version" in assert_problem(response, 400)["errors"]


def test_the_largest_version_is_stale_and_one_more_is_refused_never_a_server_error(
    personas: Any, api_as: Any
) -> None:
    # A write sets version + 1 where it compares version: PostgreSQL refuses a statement
    # whose new version overflows the column, whether a row matches or not.
    url = f"/api/v1/cases/{a_case(personas).public_id}"
    api = api_as(personas.coordinator)
    assert_problem(api.patch(url, {"version": 2**31 - 2, "opened_on": "2026-01-06"}), 409)
    response = api.patch(url, {"version": 2**31 - 1, "opened_on": "2026-01-06"})
    assert "version" in assert_problem(response, 400)["errors"]


# --- types the document names ---------------------------------------------------------


def test_a_number_where_the_document_says_a_string_is_a_400_problem(
    personas: Any, api_as: Any
) -> None:
    response = api_as(personas.coordinator).patch("/api/v1/me", {"full_name": 0}, format="json")
    assert "full_name" in assert_problem(response, 400)["errors"]


def test_a_string_where_the_document_says_a_boolean_is_a_400_problem(
    personas: Any, api_as: Any
) -> None:
    body = {
        "collaborative": str(personas.ccr.public_id),
        "title": "CCR",
        "starts_at": next_week().isoformat(),
        "minutes_restricted": "yes",
    }
    response = api_as(personas.coordinator).post("/api/v1/meetings/", body, format="json")
    assert "minutes_restricted" in assert_problem(response, 400)["errors"]


def test_a_meeting_in_the_year_304_is_a_400_problem(personas: Any, api_as: Any) -> None:
    response = api_as(personas.coordinator).post(
        "/api/v1/meetings/",
        {
            "collaborative": str(personas.ccr.public_id),
            "title": "CCR",
            "starts_at": "0304-04-08T08:00:00Z",
        },
        format="json",
    )
    assert "starts_at" in assert_problem(response, 400)["errors"]


# --- never an HTML page ---------------------------------------------------------------


@authenticated
def explode(request: Any) -> Any:
    raise RuntimeError("a bug")


@authenticated
class Refuses(APIView):
    """Raises what an action or the database raises, as a view would let it through."""

    def post(self, request: Request, what: str) -> Response:
        if what == "clash":
            raise IntegrityError('duplicate key value violates unique constraint "x" (ref)=(RB-1)')
        if what == "stale":
            raise StaleVersion
        raise DjangoValidationError({"opened_on": ["Not before the incident."]})


urlpatterns = [
    path("api/v1/explode", explode),
    path("api/v1/refuses/<str:what>", Refuses.as_view()),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.urls(__name__)
def test_a_uniqueness_clash_in_the_database_is_a_409_problem_that_names_no_value(
    personas: Any, api_as: Any
) -> None:
    response = api_as(personas.coordinator).post("/api/v1/refuses/clash", {})
    assert_problem(response, 409)
    assert b"RB-1" not in response.content and b"duplicate" not in response.content


@pytest.mark.urls(__name__)
def test_a_stale_version_raised_by_an_action_is_a_409_problem(personas: Any, api_as: Any) -> None:
    assert_problem(api_as(personas.coordinator).post("/api/v1/refuses/stale", {}), 409)


@pytest.mark.urls(__name__)
def test_an_action_s_validation_error_is_a_400_problem_by_field(personas: Any, api_as: Any) -> None:
    response = api_as(personas.coordinator).post("/api/v1/refuses/invalid", {})
    assert assert_problem(response, 400)["errors"] == {"opened_on": ["Not before the incident."]}


@pytest.mark.urls(__name__)
def test_a_crash_in_the_api_answers_a_500_problem_not_an_html_page(personas: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(personas.coordinator)
    response = client.get("/api/v1/explode")
    body = assert_problem(response, 500)
    assert "a bug" not in response.content.decode()
    assert body["request_id"] == response["X-Request-ID"]


def test_an_unknown_api_path_is_a_404_problem_that_sets_no_cookie(
    personas: Any, api_as: Any
) -> None:
    response = api_as(personas.coordinator).get("/api/v1/no-such-thing")
    assert_problem(response, 404)
    assert not response.cookies
