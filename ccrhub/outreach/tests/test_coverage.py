"""The coverage page: counts per socio-ecological level and kind, gaps named; the
analyst sees the counts and nothing else."""

import pytest
from django.urls import reverse

from ccrhub.outreach.queries import coverage_of
from ccrhub.outreach.tests.conftest import record

pytestmark = pytest.mark.django_db


def test_counts_per_level_and_kind_with_the_empty_levels_named_as_gaps(personas) -> None:
    record(personas, levels=["individual"])
    record(personas, kind="campaign", setting="media", levels=["individual", "societal"])
    record(personas, kind="training", levels=["societal"])
    coverage = coverage_of(personas.ccr)
    rows = {row.level: (row.by_kind, row.total) for row in coverage.rows}
    # Columns: event, campaign, training.
    assert rows == {
        "individual": ([1, 1, 0], 2),
        "relationship": ([0, 0, 0], 0),
        "community": ([0, 0, 0], 0),
        "societal": ([0, 1, 1], 2),
    }
    assert [row.level for row in coverage.gaps] == ["relationship", "community"]
    assert coverage.activity_count == 3


def test_another_collaboratives_outreach_does_not_count(personas) -> None:
    record(personas, levels=["community"])
    assert coverage_of(personas.sart).activity_count == 0
    assert len(coverage_of(personas.sart).gaps) == 4


def test_the_analyst_sees_the_counts_but_no_activity(personas, client_as) -> None:
    record(personas, title="Protection orders explained", levels=["community"])
    url = reverse("outreach:coverage", args=[personas.ccr.public_id])
    response = client_as(personas.analyst).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gap" in page and "Relationship" in page
    assert "Protection orders explained" not in page
    assert f'href="{reverse("outreach:activity-list")}"' not in page
    assert client_as(personas.analyst).get(reverse("outreach:activity-list")).status_code == 403


def test_the_outsider_finds_no_coverage_of_riverbend(personas, client_as) -> None:
    url = reverse("outreach:coverage", args=[personas.ccr.public_id])
    assert client_as(personas.outsider).get(url).status_code == 404
