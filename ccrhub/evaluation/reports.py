"""The annual report and the funder report as PDF (through `lib.pdf`), with the trend charts
the pages show — the same Vega-Lite specs, drawn as SVG by `lib.charts` — and the
numbers beside each chart.

A report leaves the system, so every figure follows the public disclosure rule
(1–10 hidden, complementary suppression), whoever asks for it.
"""

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from ccrhub.evaluation import queries
from ccrhub.lib import charts
from ccrhub.lib.pdf import pdf_from_html
from ccrhub.partners.models import Collaborative

KINDS = ("annual", "funder")


def report_context(collaborative: Collaborative, *, kind: str) -> dict[str, Any]:
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    cards = queries.scorecard(collaborative, audience=queries.PUBLIC)
    for card in cards:
        for series in card.series:
            series.chart_svg = charts.svg(series.chart_spec)
    return {
        "collaborative": collaborative,
        "kind": kind,
        "made_on": today,
        "cards": cards,
        "reviews": list(queries.reviews_of(collaborative).filter(held_on__gte=year_ago)),
        "stories": list(queries.stories_of(collaborative).filter(is_published=True)),
        "references": queries.coalition_rows([collaborative], today=today)[0].figures,
        "settings": queries.settings_of(collaborative),
    }


def render_html(collaborative: Collaborative, *, kind: str) -> str:
    return render_to_string("evaluation/report_pdf.html", report_context(collaborative, kind=kind))


def render_pdf(collaborative: Collaborative, *, kind: str) -> bytes:
    return pdf_from_html(render_html(collaborative, kind=kind))
