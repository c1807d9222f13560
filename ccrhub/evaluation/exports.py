"""The scorecard as CSV or XLSX: one row per indicator and quarter, under the public
disclosure rule (an export leaves the system), every cell through `safe_rows` so a
spreadsheet runs no formula from a title someone typed (S23)."""

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ccrhub.evaluation import queries
from ccrhub.evaluation.disclosure import shown
from ccrhub.lib.csvsafe import safe_rows
from ccrhub.partners.models import Collaborative


def scorecard_rows(collaborative: Collaborative) -> tuple[list[str], list[list[Any]], list[str]]:
    """(header, rows, row ids): the ids are the indicators' public ids, one per row."""
    header = [
        _("Goal"),
        _("Indicator"),
        _("Question"),
        _("Period"),
        _("From"),
        _("To"),
        _("Count"),
        _("Denominator"),
        _("Value"),
    ]
    rows: list[list[Any]] = []
    ids: list[str] = []
    for card in queries.scorecard(collaborative, audience=queries.PUBLIC):
        for series in card.series:
            for point in series.points:
                rows.append(
                    [
                        card.goal.title,
                        series.indicator.title,
                        series.indicator.get_question_display(),
                        point.label,
                        point.start.isoformat(),
                        point.end.isoformat(),
                        shown(point.numerator),
                        ""
                        if point.denominator is None and not series.is_share
                        else shown(point.denominator),
                        "" if point.value is None else point.value,
                    ]
                )
                ids.append(str(series.indicator.public_id))
    return header, rows, ids


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(safe_rows([header, *rows]))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Scorecard"
    for row in safe_rows([header, *rows]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
