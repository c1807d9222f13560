"""The demo county's annual and funder reports as PDF: charts drawn (pages turned into
images are not blank), and no count from 1 to 10 in the report."""

import re

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import ImageStat

from ccrhub.evaluation import reports
from ccrhub.evaluation.tests.conftest import open_cases

pytestmark = pytest.mark.django_db

QUARTER_ROW = re.compile(r"^\d{4} Q[1-4](?P<cells>(?: +(?:\d+|—|\d+%))*) *$")


def pages_of(pdf: bytes) -> list[tuple[str, float]]:
    """Each page's text and the variance of its pixels (0 for a blank page)."""
    document = pdfium.PdfDocument(pdf)
    found = []
    for page in document:
        image = page.render(scale=1).to_pil().convert("L")
        variance = ImageStat.Stat(image).var[0]
        found.append((page.get_textpage().get_text_range(), variance))
    return found


@pytest.fixture
def demo_county(personas):
    """The demo county with the parts the report reads: cases, meetings, outreach and
    evaluation (the order `seed_demo` runs them in)."""
    from ccrhub.cases.demo import seed_demo_cases
    from ccrhub.evaluation.demo import seed_demo_evaluation
    from ccrhub.meetings.demo import seed_demo_meetings
    from ccrhub.outreach.demo import seed_demo_outreach

    for part in (seed_demo_meetings, seed_demo_cases, seed_demo_outreach, seed_demo_evaluation):
        part(personas.county)
    return personas


def test_the_annual_report_renders_with_charts_and_hides_small_counts(demo_county) -> None:
    open_cases(demo_county, incidents=14, arrests=9, on=timezone.localdate())
    html = reports.render_html(demo_county.ccr, kind="annual")
    assert html.count("<svg") >= 4
    pdf = reports.render_pdf(demo_county.ccr, kind="annual")
    assert pdf.startswith(b"%PDF")
    pages = pages_of(pdf)
    assert len(pages) >= 2
    for _text, variance in pages:
        assert variance > 50  # something is drawn on every page
    text = "\n".join(t for t, _v in pages)
    assert "Annual report" in text and "Calls answered by the 24-hour hotline" in text
    assert "171" in text and "Successes to celebrate" in text
    assert "People reached by community education" in text
    # Every table row of a quarter: no count from 1 to 10 among its cells.
    rows = [
        m.group("cells").split()
        for line in text.splitlines()
        if (m := QUARTER_ROW.match(line.strip()))
    ]
    assert rows, "the quarterly tables are in the text"
    for cells in rows:
        for cell in cells:
            if cell.isdigit():
                assert not 1 <= int(cell) <= 10, cells


def test_the_analyst_downloads_the_funder_report(demo_evaluation, client_as) -> None:
    p = demo_evaluation
    url = reverse("evaluation:report-pdf", args=[p.ccr.public_id])
    response = client_as(p.analyst).get(url, {"kind": "funder"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(t for t, _v in pages_of(response.content))
    assert "Funder report" in text and "Progress reviews" not in text
    assert client_as(p.analyst).get(url, {"kind": "other"}).status_code == 404
