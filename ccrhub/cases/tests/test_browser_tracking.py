"""The prosecutor's week in a real browser: the office's case-management export goes in
through its saved column mapping, the progress bar runs while the worker checks the
rows, the imported case shows its timeline, and the collaborative's measures page
draws the funnel beside its table.

How the task runs here: the live server keeps the project's real task backend (the
database queue), so pressing Start only queues the job, as in production. The test
then plays the worker itself — `db_worker --batch` in the test's own thread, which
the live server's in-memory database allows — and, on the worker's first progress
write, holds the worker until the browser's polling has drawn the `<progress>` bar.
Without that hold a six-row file finishes before the page's next poll."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ccrhub.cases import imports
from ccrhub.cases.models import Case, ImportJob, ImportStatus
from ccrhub.cases.tests.test_import_mapping import PROSECUTOR_COLUMNS, PROSECUTOR_VALUES

pytestmark = pytest.mark.browser
EXPORT = Path(__file__).parent / "data" / "prosecutor_export.csv"
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
STAGE_ROWS = [
    "Incident",
    "Arrest",
    "Charge filed",
    "First appearance",
    "Disposition",
    "Sentence",
    "Probation start",
    "BIP enrolment",
    "BIP completion",
]


@pytest.fixture
def uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def run_worker_showing_progress(page: Any, monkeypatch: Any) -> None:
    """The database worker, paused at its first progress write until the bar is drawn."""
    seen: list[bool] = []
    original = imports._set

    def set_and_wait(job: ImportJob, **changes: Any) -> None:
        original(job, **changes)
        if "rows_done" in changes and not seen:
            seen.append(True)
            page.wait_for_selector("progress#import-progress-bar", timeout=10_000)

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(imports, "_set", set_and_wait)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert seen, "the worker never reported progress"


def test_the_prosecutor_imports_the_export_and_sees_it_in_the_funnel(
    page: Any,
    browser_server: Any,
    personas: Any,
    login_in_browser: Any,
    screenshot: Any,
    assert_accessible: Any,
    uploads_in_tmp: None,
    monkeypatch: Any,
) -> None:
    imports.save_mapping(
        collaborative=personas.ccr,
        agency=personas.prosecutor_office,
        name="Case management export",
        columns=PROSECUTOR_COLUMNS,
        values=PROSECUTOR_VALUES,
        actor=personas.prosecutor,
    )
    login_in_browser(page.context, personas.prosecutor, browser_server)

    # Upload the export with the saved mapping; the preview shows the rows as stored.
    page.goto(f"{browser_server.url}/imports/")
    page.get_by_label("Collaborative").select_option(label=personas.ccr.name)
    page.get_by_label("Saved mapping").select_option(label="Case management export")
    page.get_by_label("CSV or XLSX file").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_selector("text=Preview: the first rows as they will be stored")
    assert page.locator("[data-import-status=pending]").count() == 1
    assert page.get_by_role("cell", name="DA-19-001").count() >= 1
    assert_accessible(page)
    screenshot(page, "tracking-1-import-preview")

    # Start: the job is queued; the worker's progress appears as a <progress> bar.
    page.get_by_role("button", name="Import all rows").click()
    page.wait_for_selector("text=The import has started.")
    run_worker_showing_progress(page, monkeypatch)
    screenshot(page, "tracking-2-import-progress")
    page.wait_for_selector("[data-import-status=completed]", timeout=10_000)
    assert page.get_by_text("8 events stored or confirmed.").count() == 1
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.COMPLETED and job.rows_imported == 8
    screenshot(page, "tracking-3-import-completed")

    # The imported case's timeline.
    case = Case.objects.get(collaborative=personas.ccr, external_ref="DA-19-001")
    page.goto(f"{browser_server.url}/cases/{case.public_id}/")
    timeline = page.locator("#case-timeline")
    timeline.wait_for()
    # Arrest, two charges filed and two dispositions, one per charge.
    assert timeline.locator("tbody tr").count() == 5
    assert timeline.get_by_text("Charges filed").count() == 2
    assert timeline.locator("time[datetime='2019-04-15']").count() == 2
    assert_accessible(page)
    screenshot(page, "tracking-4-case-timeline")

    # The measures page: the funnel chart draws, and its table has every stage.
    page.goto(f"{browser_server.url}/measures/{personas.ccr.public_id}/")
    page.wait_for_selector("#chart-funnel[data-chart-ready] svg")
    assert page.locator("#chart-funnel svg .mark-rect path").count() == len(STAGE_ROWS)
    rows = page.locator("#funnel-table tbody th[scope=row]")
    assert rows.all_inner_texts() == STAGE_ROWS
    # Three cases were arrested, one of them charged and convicted by plea.
    assert page.locator("#funnel-table").get_by_role("row", name="Arrest 3").count() == 1
    page.wait_for_selector("#chart-trends[data-chart-ready] svg")
    assert page.locator("#trends-table tbody tr").count() >= 1
    assert_accessible(page)
    screenshot(page, "tracking-5-measures-funnel")
    page.locator("#trends-heading").scroll_into_view_if_needed()
    screenshot(page, "tracking-6-measures-trends", full_page=False)
