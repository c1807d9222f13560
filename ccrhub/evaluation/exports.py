"""The scorecard as a table for CSV or XLSX (written by `lib.tabular`): one row per
indicator and quarter, under the public disclosure rule (an export leaves the system)."""

from typing import Any

from django.utils.translation import gettext as _

from ccrhub.evaluation import queries
from ccrhub.evaluation.disclosure import shown
from ccrhub.lib.tabular import Table
from ccrhub.partners.models import Collaborative


def scorecard_table(collaborative: Collaborative) -> Table:
    """The row ids are the indicators' public ids, one per row."""
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
    return Table(name="scorecard", header=header, rows=rows, row_ids=ids)
