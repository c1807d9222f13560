"""Every list page and list endpoint of reviews costs the same queries whether it shows
one row or six, and the queries of the area are pinned by the table they read, so a new
per-row query (or a new query at all) shows here by name."""

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccrhub.reviews import actions
from ccrhub.reviews.models import NoteKind

pytestmark = pytest.mark.django_db

FROM = re.compile(r'FROM "(\w+)"')


def _reviews_queries(client: Any, url: str) -> tuple[list[str], int]:
    """The tables of reviews the page reads, query by query, and the count of all."""
    client.get(url)  # warm the session and role caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    tables = [m.group(1) for q in captured.captured_queries if (m := FROM.search(q["sql"]))]
    return [t for t in tables if t.startswith("reviews_")], len(captured)


def _flat(client: Any, url: str, add: Callable[[int], None], expected: list[str]) -> None:
    add(1)
    few, few_count = _reviews_queries(client, url)
    add(5)
    many, many_count = _reviews_queries(client, url)
    assert many_count == few_count
    assert few == many == expected


def _audits(personas: Any) -> Callable[[int], None]:
    def add(n: int) -> None:
        for k in range(n):
            review = actions.create_review(
                personas.ccr, kind="audit", title=f"Audit {k}", actor=personas.coordinator
            )
            actions.recommend(
                review,
                owner_agency=personas.police,
                kind="policy",
                text="Serve orders within three days",
                actor=personas.coordinator,
            )

    return add


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/reviews/", ["reviews_review"]),
        ("/api/v1/reviews/", ["reviews_review"]),
        ("/reviews/recommendations/", ["reviews_recommendation"] * 2),
        ("/api/v1/recommendations/", ["reviews_recommendation"]),
    ],
)
def test_the_coordinators_review_and_recommendation_lists(
    personas: Any, client_as: Any, api_as: Any, url: str, expected: list[str]
) -> None:
    client = (
        api_as(personas.coordinator) if url.startswith("/api/") else client_as(personas.coordinator)
    )
    _flat(client, url, _audits(personas), expected)


def test_the_sart_adherence_table(personas: Any, client_as: Any) -> None:
    def add(n: int) -> None:
        for k in range(n):
            review = actions.create_review(
                personas.sart,
                kind="sart",
                title=f"Response {k}",
                response_on=datetime.date(2026, 1 + k % 12, 10),
                actor=personas.coordinator,
            )
            for item in review.checklist.all():
                actions.answer_check(
                    item, contacted="yes", fulfilled="yes", actor=personas.coordinator
                )

    _flat(client_as(personas.coordinator), "/reviews/adherence/", add, ["reviews_checklistitem"])


def test_the_panels_merged_chronology(personas: Any, death: Any, client_as: Any) -> None:
    def add(n: int) -> None:
        for k in range(n):
            actions.record_chronology_entry(
                death,
                agency=personas.police,
                occurred_on=datetime.date(2025, 5, 1 + k),
                text="Seen",
                actor=personas.coordinator,
            )

    url = f"/reviews/{death.public_id}/chronology/"
    expected = ["reviews_review", "reviews_reviewmember", "reviews_chronologyentry"]
    _flat(client_as(personas.coordinator), url, add, expected)


def test_the_findings_of_an_audit_through_the_api(personas: Any, audit: Any, api_as: Any) -> None:
    def add(n: int) -> None:
        for k in range(n):
            actions.record_finding(
                audit, problem=f"Problem {k}", method="rules", actor=personas.advocate
            )

    url = f"/api/v1/reviews/{audit.public_id}/findings"
    expected = ["reviews_review", "reviews_reviewmember", "reviews_finding"]
    _flat(api_as(personas.advocate), url, add, expected)


def test_the_death_review_workspace_lists_its_notes_and_findings(
    personas: Any, death: Any, client_as: Any
) -> None:
    def add(n: int) -> None:
        for k in range(n):
            actions.add_note(
                death,
                kind=NoteKind.FAMILY,
                on=datetime.date(2026, 2, 1 + k),
                text="Met the sister",
                actor=personas.coordinator,
            )
            actions.add_note(
                death, kind=NoteKind.QUALITY, text="Name the gap", actor=personas.coordinator
            )
            actions.record_finding(
                death, problem=f"Problem {k}", method="rules", actor=personas.coordinator
            )

    url = f"/reviews/{death.public_id}/"
    expected = [
        "reviews_review",
        "reviews_reviewmember",  # may the viewer see it
        "reviews_finding",
        "reviews_document",  # of the findings
        "reviews_recommendation",  # of the findings
        "reviews_chronologyentry",
        "reviews_reviewmember",  # the team
        "reviews_chronologyrequest",
        "reviews_person",
        "reviews_reviewnote",  # family involvement
        "reviews_datarecord",
        "reviews_document",
        "reviews_recommendation",
        "reviews_reviewnote",  # quality feedback
    ]
    _flat(client_as(personas.coordinator), url, add, expected)
