"""The one writer of CSV and XLSX files: formula-safe cells, a purpose, and an audit
event with the rows' ids in the caller's transaction."""

import csv
import io

import pytest
from django.db import transaction
from openpyxl import load_workbook

from ccrhub.audit.models import AuditEvent
from ccrhub.lib import tabular
from ccrhub.lib.tabular import Table

pytestmark = pytest.mark.django_db

HOSTILE = ["=1+1", "+cmd", "-2+3", "@SUM(A1)"]


def hostile_table() -> Table:
    return Table(
        name="sample",
        header=["id", "title"],
        rows=[[n, text] for n, text in enumerate(HOSTILE)],
        row_ids=[f"row-{n}" for n in range(len(HOSTILE))],
    )


def test_csv_and_xlsx_cells_starting_like_a_formula_are_quoted() -> None:
    rows = list(csv.reader(io.StringIO(tabular.write(hostile_table()).decode())))
    assert [row[1] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    sheet = load_workbook(io.BytesIO(tabular.write(hostile_table(), format="xlsx"))).active
    assert sheet is not None
    titles = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert titles == ["'" + text for text in HOSTILE]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_export_is_audited_with_its_purpose_and_row_ids(personas) -> None:
    tabular.export(
        hostile_table(),
        action="tests.sample_exported",
        purpose="Board pack",
        actor=personas.coordinator,
        target=personas.ccr,
    )
    event = AuditEvent.objects.get(action="tests.sample_exported")
    assert event.reason == "Board pack" and event.actor == personas.coordinator
    assert event.details["row_ids"] == ["row-0", "row-1", "row-2", "row-3"]
    assert event.details["rows"] == 4 and event.details["table"] == "sample"


def test_the_audit_event_belongs_to_the_callers_transaction(personas) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        tabular.export(
            hostile_table(), action="tests.sample_exported", purpose="x", actor=personas.coordinator
        )
        assert AuditEvent.objects.filter(action="tests.sample_exported").exists()
        raise RuntimeError("the caller fails after writing the file")
    assert not AuditEvent.objects.filter(action="tests.sample_exported").exists()


def test_an_export_without_a_purpose_is_refused(personas) -> None:
    with pytest.raises(ValueError):
        tabular.export(
            hostile_table(), action="tests.sample_exported", purpose=" ", actor=personas.coordinator
        )
    assert not AuditEvent.objects.filter(action="tests.sample_exported").exists()


def test_no_file_is_handed_out_when_its_audit_event_cannot_be_written(
    personas, audit_refused
) -> None:
    with audit_refused():
        tabular.export(
            hostile_table(), action="tests.sample_exported", purpose="x", actor=personas.coordinator
        )
