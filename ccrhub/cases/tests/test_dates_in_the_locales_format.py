"""Dates on pages read in the locale's format, kept on one line; machines get ISO."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_officer_reads_the_event_date_in_words_on_one_line(
    personas, ccr_case, client_as
) -> None:
    client = client_as(personas.police_officer)
    client.post(
        f"/cases/{ccr_case.public_id}/events/new/",
        {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "single", "track": ""},
    )
    html = client.get(f"/cases/{ccr_case.public_id}/").content.decode()
    assert '<span class="date">March 2, 2026</span>' in html
    assert 'datetime="2026-03-02"' in html  # the machine-readable date stays ISO
    assert ">2026-03-02<" not in html


def test_the_stylesheet_keeps_a_date_on_one_line() -> None:
    css = (Path(settings.BASE_DIR) / "static" / "app.css").read_text()
    assert ".date {\n  white-space: nowrap;" in css


def test_no_page_template_formats_a_date_as_iso_for_people() -> None:
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if '|date:"Y-m-d"' in path.read_text()
    ]
    assert offenders == []
