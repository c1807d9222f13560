"""Finding cases on /cases/ and GET /api/v1/cases/: by reference (from its start or
whole), agency case number, current stage and dates, with a count and pages, only
among the cases the user may see."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.accounts.restrictions import restrict
from ccrhub.audit.models import AuditEvent
from ccrhub.cases import actions
from ccrhub.cases.views import CASES_PER_PAGE

pytestmark = pytest.mark.django_db


def opened(personas: Any, ref: str, *, actor: Any = None, number: str = "", day: int = 1) -> Any:
    return actions.open_case(
        personas.ccr,
        external_ref=ref,
        offender_ref=f"offender-{ref}",
        opened_on=datetime.date(2026, 3, day),
        agency_case_number=number,
        actor=actor or personas.police_officer,
    )


def refs(response: Any) -> list[str]:
    return [case.external_ref for case in response.context["page"].object_list]


def test_the_coordinator_finds_a_case_by_the_first_letters_of_its_reference(personas, client_as):
    for ref in ("RPD-2026-0101", "RPD-2026-0102", "RPD-2025-0999", "SO-2026-0101"):
        opened(personas, ref)
    response = client_as(personas.coordinator).get("/cases/", {"reference": "RPD-2026"})
    assert sorted(refs(response)) == ["RPD-2026-0101", "RPD-2026-0102"]
    assert response.context["page"].paginator.count == 2
    assert "2 cases" in response.content.decode()


def test_an_exact_reference_finds_that_case_only(personas, client_as):
    opened(personas, "RPD-7")
    opened(personas, "RPD-77")
    client = client_as(personas.coordinator)
    assert refs(client.get("/cases/", {"reference": "RPD-7", "match": "exact"})) == ["RPD-7"]
    assert sorted(refs(client.get("/cases/", {"reference": "RPD-7"}))) == ["RPD-7", "RPD-77"]


def test_the_agency_case_number_stage_and_dates_narrow_the_list(personas, client_as):
    early = opened(personas, "A-1", number="DA-55", day=2)
    opened(personas, "A-2", number="DA-56", day=20)
    actions.record_event(
        early, stage="arrest", occurred_on=datetime.date(2026, 3, 3), actor=personas.police_officer
    )
    client = client_as(personas.coordinator)
    assert refs(client.get("/cases/", {"agency_case_number": "DA-55"})) == ["A-1"]
    assert refs(client.get("/cases/", {"stage": "arrest"})) == ["A-1"]
    after = client.get("/cases/", {"opened_after": "2026-03-10"})
    assert refs(after) == ["A-2"]


def test_a_bad_date_is_an_error_on_the_form_not_a_500(personas, client_as):
    opened(personas, "A-1")
    client = client_as(personas.coordinator)
    response = client.get("/cases/", {"opened_after": "31/31/2026"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert response.context["form"].errors["opened_after"]
    backwards = client.get("/cases/", {"opened_after": "2026-05-01", "opened_before": "2026-04-01"})
    assert backwards.context["form"].errors["opened_before"]


def test_no_match_says_so_without_echoing_the_term(personas, client_as):
    opened(personas, "A-1")
    response = client_as(personas.coordinator).get("/cases/", {"reference": "ZZ-SECRET"})
    body = response.content.decode()
    assert "No case matches" in body
    # The term is only in the form's own field, never in the message.
    assert body.count("ZZ-SECRET") == 1


def test_the_officer_neither_sees_nor_counts_another_agencys_restricted_case(
    personas, client_as, api_as
):
    opened(personas, "RPD-2026-0001")
    hidden = opened(personas, "RPD-2026-0002", actor=personas.prosecutor)
    restrict(hidden, actor=personas.coordinator, user=personas.police_officer)
    response = client_as(personas.police_officer).get("/cases/", {"reference": "RPD-2026"})
    assert refs(response) == ["RPD-2026-0001"]
    assert response.context["page"].paginator.count == 1
    exact = client_as(personas.police_officer).get(
        "/cases/", {"reference": "RPD-2026-0002", "match": "exact"}
    )
    assert exact.context["page"].paginator.count == 0
    assert "No case matches" in exact.content.decode()
    api = api_as(personas.police_officer).get("/api/v1/cases/", {"reference": "RPD-2026"})
    assert [c["external_ref"] for c in api.json()["results"]] == ["RPD-2026-0001"]
    coordinator = client_as(personas.coordinator).get("/cases/", {"reference": "RPD-2026"})
    assert coordinator.context["page"].paginator.count == 2


def test_pages_of_fifty_keep_the_filters(personas, client_as):
    for n in range(CASES_PER_PAGE + 3):
        opened(personas, f"P-{n:03d}", day=1 + n % 28)
    client = client_as(personas.coordinator)
    first = client.get("/cases/", {"reference": "P-"})
    assert len(refs(first)) == CASES_PER_PAGE
    assert "reference=P-&amp;page=2" in first.content.decode()
    second = client.get("/cases/", {"reference": "P-", "page": "2"})
    assert len(refs(second)) == 3
    assert set(refs(first)).isdisjoint(refs(second))
    assert client.get("/cases/", {"page": "nonsense"}).status_code == 200


def test_the_terms_reach_the_audit_trail_only_as_a_keyed_hash(personas, client_as, api_as):
    opened(personas, "RPD-2026-0101")
    client_as(personas.coordinator).get("/cases/", {"reference": "RPD-2026"})
    api_as(personas.coordinator).get("/api/v1/cases/", {"agency_case_number": "DA-9"})
    searches = list(AuditEvent.objects.filter(action="search.performed").order_by("id"))
    assert [event.details["results"] for event in searches] == [1, 0]
    for event in searches:
        assert event.details["scope"] == "cases"
        assert len(event.details["term_hash"]) == 64
        assert "RPD" not in str(event.details) and "DA-9" not in str(event.details)


def test_the_api_takes_the_same_filters(personas, api_as):
    opened(personas, "RPD-7", number="DA-1")
    opened(personas, "RPD-77")
    api = api_as(personas.coordinator)
    exact = api.get("/api/v1/cases/", {"reference": "RPD-7", "match": "exact"}).json()
    assert [c["external_ref"] for c in exact["results"]] == ["RPD-7"]
    number = api.get("/api/v1/cases/", {"agency_case_number": "DA-1"}).json()
    assert [c["external_ref"] for c in number["results"]] == ["RPD-7"]
    assert api.get("/api/v1/cases/", {"match": "fuzzy"}).status_code == 400


# Pinned: session, user, user session, roles, second factor; the count and the page of
# cases; the audit row of the search (savepoint, chain head, insert, release); the
# collaboratives of the filter's choice list. PostgreSQL also takes the chain's advisory lock.
PAGE_QUERIES = 12


def _page_queries(client: Any, query: dict[str, str]) -> list[str]:
    client.get("/cases/", query)  # warm the session and role caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cases/", query).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_search_page_costs_the_same_queries_for_two_cases_or_twenty(personas, client_as):
    client = client_as(personas.coordinator)
    query = {"reference": "Q-"}
    for n in range(2):
        opened(personas, f"Q-{n}")
    few = _page_queries(client, query)
    for n in range(2, 20):
        opened(personas, f"Q-{n}")
    many = _page_queries(client, query)
    pinned = PAGE_QUERIES + (connection.vendor == "postgresql")
    assert len(few) == len(many) == pinned, "\n".join(many)
    # One count and one page of rows for the cases; one audit row for the search.
    case_queries = [sql for sql in many if 'FROM "cases_case"' in sql]
    assert len([sql for sql in case_queries if "COUNT(" in sql]) == 1
    assert len([sql for sql in case_queries if "COUNT(" not in sql]) == 1
