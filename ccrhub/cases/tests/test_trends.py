"""Month by month: cases reaching incident, arrest, charge and disposition, on the hand
world of test_funnel (cases A–F, 2025).

First dates by hand (a case counts once per stage, in the month of its first event):

- incident: A 01-01, B 01-10, C 02-01, D 02-15, E 03-01 → Jan 2, Feb 2, Mar 1;
- arrest: A 01-01, B 01-12, C 02-01, E 03-04, F 03-10 (D's arrest event says nobody was
  arrested) → Jan 2, Feb 1, Mar 2;
- charge filed: A 01-05 (its second charge on 01-08 does not count again), B 01-20,
  E 03-04, F 03-05 → Jan 2, Mar 2;
- disposition: A 03-01, B 04-01, E 05-09 → Mar 1, Apr 1, May 1.
"""

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.cases.metrics import Period, monthly_trends
from ccrhub.cases.tests.test_funnel import add, build_hand_world, d

pytestmark = pytest.mark.django_db

HAND = {
    "2025-01": {"incident": 2, "arrest": 2, "charge_filed": 2, "disposition": 0},
    "2025-02": {"incident": 2, "arrest": 1, "charge_filed": 0, "disposition": 0},
    "2025-03": {"incident": 1, "arrest": 2, "charge_filed": 2, "disposition": 1},
    "2025-04": {"incident": 0, "arrest": 0, "charge_filed": 0, "disposition": 1},
    "2025-05": {"incident": 0, "arrest": 0, "charge_filed": 0, "disposition": 1},
}


def by_month(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["month"]: row["counts"] for row in result["months"]}


def test_the_monthly_counts_equal_the_hand_computation(personas: Any) -> None:
    build_hand_world(personas)
    result = monthly_trends(personas.ccr)
    assert result["stages"] == ["incident", "arrest", "charge_filed", "disposition"]
    assert by_month(result) == HAND


def test_months_without_cases_are_shown_as_zero_not_skipped(personas: Any) -> None:
    cases = build_hand_world(personas)
    add(cases["B"], personas.police, "incident", d(9, 30))  # B's first incident stays 01-10
    add(cases["C"], personas.court, "disposition", d(8, 2), "dismissed")
    months = by_month(monthly_trends(personas.ccr))
    assert list(months) == [f"2025-{m:02d}" for m in range(1, 9)]
    assert months["2025-07"] == dict.fromkeys(HAND["2025-01"], 0)
    assert months["2025-08"]["disposition"] == 1


def test_a_period_counts_first_events_within_it(personas: Any) -> None:
    build_hand_world(personas)
    months = by_month(monthly_trends(personas.ccr, period=Period(d(2, 1), d(3, 31))))
    # A's second incident (02-01) is its first within the period.
    assert months == {
        "2025-02": {"incident": 3, "arrest": 1, "charge_filed": 0, "disposition": 0},
        "2025-03": {"incident": 1, "arrest": 2, "charge_filed": 2, "disposition": 1},
    }


def test_no_events_means_no_months(personas: Any) -> None:
    assert monthly_trends(personas.ccr)["months"] == []


def test_the_partner_rule_hides_small_monthly_counts(personas: Any) -> None:
    build_hand_world(personas)
    months = by_month(monthly_trends(personas.ccr, suppress=True))
    assert months["2025-01"] == {
        "incident": None,
        "arrest": None,
        "charge_filed": None,
        "disposition": 0,
    }


def test_trends_cost_one_query_whatever_the_data(personas: Any) -> None:
    with CaptureQueriesContext(connection) as empty:
        monthly_trends(personas.ccr)
    build_hand_world(personas)
    with CaptureQueriesContext(connection) as full:
        monthly_trends(personas.ccr)
    assert len(empty) == len(full) == 1


def test_the_page_shows_the_monthly_table_and_chart(personas: Any, client_as: Any) -> None:
    build_hand_world(personas)
    url = reverse("metrics:measures-detail", kwargs={"public_id": personas.ccr.public_id})
    response = client_as(personas.coordinator).get(url)
    html = response.content.decode()
    table = html[
        html.index('id="trends-table"') : html.index("</table>", html.index("trends-table"))
    ]
    assert table.count('<th scope="row">2025-') == 5
    assert 'data-chart="chart-trends"' in html
    assert "?table=trends" in html


def test_the_analyst_downloads_the_monthly_table_under_the_partner_rule(
    personas: Any, client_as: Any
) -> None:
    build_hand_world(personas)
    url = reverse("metrics:measures-export", kwargs={"public_id": personas.ccr.public_id})
    response = client_as(personas.analyst).get(url, {"table": "trends", "from": "2025-01-01"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="trends-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Month", "Incident", "Arrest", "Charge filed", "Disposition", "From", "To"]
    # `from` alone: the analyst's window starts with its quarter and stays open.
    assert rows[1] == ["2025-01", "—", "—", "—", "0", "2025-01-01", ""]
    assert len(rows) == 6
    assert AuditEvent.objects.filter(
        action="metrics.table_downloaded", details__table="trends"
    ).exists()


def test_the_coordinator_downloads_exact_monthly_counts(personas: Any, client_as: Any) -> None:
    build_hand_world(personas)
    url = reverse("metrics:measures-export", kwargs={"public_id": personas.ccr.public_id})
    rows = list(
        csv.reader(
            io.StringIO(
                client_as(personas.coordinator).get(url, {"table": "trends"}).content.decode()
            )
        )
    )
    assert rows[3] == ["2025-03", "1", "2", "2", "1", "", ""]
