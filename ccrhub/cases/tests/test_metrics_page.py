"""The measures page: the funnel table beside its chart spec, the measures, CSV downloads."""

import csv
import io
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.cases.tests.test_funnel import build_hand_world
from ccrhub.lib.tabular import safe_cell as csv_safe

pytestmark = pytest.mark.django_db


def page_url(personas: Any, name: str = "metrics:measures-detail") -> str:
    return reverse(name, kwargs={"public_id": personas.ccr.public_id})


def test_the_coordinator_sees_the_funnel_table_and_its_chart_spec(
    personas: Any, client_as: Any
) -> None:
    build_hand_world(personas)
    response = client_as(personas.coordinator).get(page_url(personas))
    assert response.status_code == 200
    html = response.content.decode()
    table = html[
        html.index('id="funnel-table"') : html.index("</table>", html.index('id="funnel-table"'))
    ]
    assert re.search(
        r"Disposition</th>\s*<td[^>]*>3</td>\s*<td[^>]*>0</td>\s*<td[^>]*>60</td>", table
    )
    spec_text = re.search(
        r'class="chart-spec" data-chart="chart-funnel">(.*?)</script>', html, re.S
    )
    assert spec_text is not None
    spec = json.loads(spec_text.group(1))
    assert [v["cases"] for v in spec["data"]["values"]] == [5, 5, 4, 3, 3, 2, 2, 2, 1]
    assert "Prosecution rate" in html and "63.8%" in html


def test_the_analyst_sees_the_partner_rule_applied(personas: Any, client_as: Any) -> None:
    build_hand_world(personas)
    html = client_as(personas.analyst).get(page_url(personas)).content.decode()
    assert "partner disclosure rule" in html
    assert re.search(r"Incident</th>\s*<td[^>]*>—</td>", html)


def test_a_period_with_its_end_before_its_start_is_refused_on_the_page(
    personas: Any, client_as: Any
) -> None:
    response = client_as(personas.coordinator).get(
        page_url(personas), {"from": "2025-03-01", "to": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "before its start" in response.content.decode()


def test_the_funnel_table_downloads_as_csv_and_is_audited(personas: Any, client_as: Any) -> None:
    build_hand_world(personas)
    response = client_as(personas.coordinator).get(
        page_url(personas, "metrics:funnel-export"), {"from": "2025-01-01"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Stage", "Cases", "Drop", "Median days", "p90 days", "From", "To"]
    assert rows[5] == ["Disposition", "3", "0", "60", "70", "2025-01-01", ""]
    assert AuditEvent.objects.filter(action="metrics.table_downloaded").count() == 1


def test_measures_download_as_csv(personas: Any, client_as: Any) -> None:
    build_hand_world(personas)
    response = client_as(personas.analyst).get(page_url(personas, "metrics:measures-export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Measure" and len(rows) == 16


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", "|cmd", "%0A", "\tx", "\rx", "\ufeff=1", "  =1", "\x00=1"],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    assert csv_safe(cell) == "'" + cell


def test_harmless_cells_and_numbers_are_left_alone() -> None:
    assert csv_safe("Arrest") == "Arrest"
    assert csv_safe(-5) == -5
    assert csv_safe("—") == "—"


def test_a_downloaded_table_runs_no_formula_and_names_its_rows_in_the_audit(
    personas: Any, client_as: Any, monkeypatch: Any
) -> None:
    from ccrhub.cases import metrics_views

    build_hand_world(personas)
    labels = {**metrics_views.STAGE_LABELS, "incident": "=HYPERLINK(1)", "arrest": "@SUM(A1)"}
    monkeypatch.setattr(metrics_views, "STAGE_LABELS", labels)
    response = client_as(personas.coordinator).get(page_url(personas, "metrics:funnel-export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [rows[1][0], rows[2][0]] == ["'=HYPERLINK(1)", "'@SUM(A1)"]
    event = AuditEvent.objects.get(action="metrics.table_downloaded")
    assert event.details["table"] == "funnel"
    assert event.details["row_ids"] == [row[0].lstrip("'") for row in rows[1:]]


def test_no_table_leaves_when_its_audit_fails(
    personas: Any, client_as: Any, audit_refused: Any
) -> None:
    with audit_refused():
        client_as(personas.coordinator).get(page_url(personas, "metrics:funnel-export"))
