"""Imports of the canonical event format: all or nothing, idempotent, by the importer's rights."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import imports
from ccrhub.cases.models import Case, Event, ImportJob, ImportStatus
from ccrhub.lib import tabular

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    data = content if content is not None else (DATA / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def run(personas, actor, name: str, content: bytes | None = None, mapping=None) -> ImportJob:
    job = imports.create_job(
        collaborative=personas.ccr, upload=upload(name, content), actor=actor, mapping=mapping
    )
    return imports.run_import(str(job.public_id))


def test_officer_imports_the_canonical_file_with_a_bom_and_mixed_dates(personas):
    job = run(personas, personas.police_officer, "canonical_events.csv")
    assert job.status == ImportStatus.COMPLETED, job.errors
    assert job.rows_total == 4 and job.rows_done == 4 and job.rows_imported == 4
    arrests = dict(
        Event.objects.filter(stage="arrest").values_list("case__external_ref", "occurred_on")
    )
    # "2019-05-01 05:00:00" is a local midnight stored in UTC: the same calendar day.
    assert arrests == {
        "RPD-19-100": datetime.date(2019, 5, 1),
        "RPD-19-101": datetime.date(2019, 5, 3),
    }
    case = Case.objects.get(external_ref="RPD-19-100")
    assert case.lead_agency == personas.police and case.victim_sex == "female"
    assert case.opened_on == datetime.date(2019, 5, 1)
    assert "P-100" not in case.offender_key
    assert set(Event.objects.values_list("source", flat=True)) == {"import"}


def test_the_offender_key_is_the_one_open_case_would_give(personas):
    run(personas, personas.police_officer, "canonical_events.csv")
    expected = imports.offender_key(agency_code="police", identifier="p 100")
    assert Case.objects.get(external_ref="RPD-19-100").offender_key == expected


def test_re_importing_the_same_file_changes_nothing(personas):
    first = run(personas, personas.police_officer, "canonical_events.csv")
    before = list(Event.objects.order_by("pk").values_list("pk", "version", "outcome"))
    cases_before = list(Case.objects.order_by("pk").values_list("pk", "version"))
    second = run(personas, personas.police_officer, "canonical_events.csv")
    assert second.status == ImportStatus.COMPLETED
    assert second.rows_imported == first.rows_imported == 4
    assert list(Event.objects.order_by("pk").values_list("pk", "version", "outcome")) == before
    assert list(Case.objects.order_by("pk").values_list("pk", "version")) == cases_before
    audit = AuditEvent.objects.filter(action="cases.import_committed").order_by("pk").last()
    assert audit is not None
    assert audit.details["events_created"] == 0 and audit.details["events_unchanged"] == 4


def test_a_changed_outcome_updates_the_event_instead_of_adding_a_twin(personas):
    run(personas, personas.police_officer, "canonical_events.csv")
    changed = (DATA / "canonical_events.csv").read_bytes().replace(b",dual,", b",single,")
    job = run(personas, personas.police_officer, "changed.csv", changed)
    assert job.status == ImportStatus.COMPLETED
    arrest = Event.objects.get(case__external_ref="RPD-19-101", stage="arrest")
    assert arrest.outcome == "single" and arrest.version == 2
    assert Event.objects.count() == 4


def test_a_broken_file_is_refused_whole_with_errors_by_row_and_column(personas):
    job = run(personas, personas.police_officer, "broken_events.csv")
    assert job.status == ImportStatus.FAILED
    assert Case.objects.count() == 0 and Event.objects.count() == 0
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "stage"),
        (4, "occurred_on"),
        (5, "case_ref"),
        (6, "outcome"),
        (7, "agency"),
    }
    # Row 2 was fine, but nothing of it was stored either; no message echoes a cell.
    text = str(job.errors)
    for value in ("arested", "31/31/2019", "guilty-ish", "nowhere-pd", "P-20"):
        assert value not in text


def test_a_missing_required_column_refuses_the_file(personas):
    content = b"case_ref,offender_ref,stage,agency,outcome\nA,B,arrest,police,single\n"
    job = run(personas, personas.police_officer, "short.csv", content)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 1, "column": "occurred_on", "message": "Required column missing."}
    ]


def test_officer_cannot_import_another_agencys_rows(personas):
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        b"X-1,P-1,arrest,2019-01-01,police,single\n"
        b"X-1,P-1,charge_filed,2019-01-05,prosecutor,\n"
    )
    job = run(personas, personas.police_officer, "mixed.csv", content)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "agency")]
    assert Event.objects.count() == 0


def test_coordinator_imports_for_any_member_agency(personas):
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        b"X-1,P-1,arrest,2019-01-01,police,single\n"
        + f"X-1,P-1,charge_filed,2019-01-05,{personas.prosecutor_office.public_id},\n".encode()
    )
    job = run(personas, personas.coordinator, "mixed.csv", content)
    assert job.status == ImportStatus.COMPLETED, job.errors
    agencies = set(Event.objects.values_list("agency__short_code", flat=True))
    assert agencies == {"police", "prosecutor"}


def test_an_agency_of_another_collaborative_is_unknown(personas):
    code = personas.neighbour_police.short_code.encode()
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        b"X-1,P-1,arrest,2019-01-01," + code + b",single\n"
    )
    job = run(personas, personas.coordinator, "other.csv", content)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"].startswith("Unknown agency")


def test_rows_for_a_case_restricted_against_the_importer_are_refused(personas, party_case):
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        + f"{party_case.external_ref},P-1,arrest,2019-01-01,police,single\n".encode()
    )
    job = run(personas, personas.party_officer, "party.csv", content)
    assert job.status == ImportStatus.FAILED
    assert Event.objects.count() == 0


def test_a_crash_in_the_middle_of_the_commit_leaves_nothing(personas, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_write_events", explode)
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=upload("canonical_events.csv"),
        actor=personas.police_officer,
    )
    with pytest.raises(RuntimeError):
        imports.run_import(str(job.public_id))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    # The cases had been written inside the transaction; they went with it.
    assert Case.objects.count() == 0 and Event.objects.count() == 0
    assert not AuditEvent.objects.filter(action="cases.import_committed").exists()
    assert "disk full" not in str(job.errors)


def test_the_upload_is_discarded_once_the_job_is_done(personas):
    job = run(personas, personas.police_officer, "canonical_events.csv")
    job.refresh_from_db()
    assert not job.upload and len(job.sha256) == 64


def test_an_xlsx_workbook_with_date_cells_imports(personas):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["case_ref", "offender_ref", "stage", "occurred_on", "agency", "outcome"])
    sheet.append([1234.0, "P-9", "arrest", datetime.datetime(2019, 1, 2, 4, 0), "police", "single"])
    sheet.append(["1234", "P-9", "incident", datetime.date(2019, 1, 1), "police", None])
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(personas, personas.police_officer, "events.xlsx", buffer.getvalue())
    assert job.status == ImportStatus.COMPLETED, job.errors
    assert list(Event.objects.values_list("case__external_ref", "stage", "occurred_on")) == [
        ("1234", "incident", datetime.date(2019, 1, 1)),
        ("1234", "arrest", datetime.date(2019, 1, 2)),
    ]


def test_files_that_are_not_csv_or_xlsx_or_too_big_are_refused(personas, monkeypatch):
    with pytest.raises(imports.FileProblem):
        imports.create_job(
            collaborative=personas.ccr,
            upload=upload("x.bin", b"\x00\x01binary"),
            actor=personas.police_officer,
        )
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    with pytest.raises(imports.FileProblem):
        imports.create_job(
            collaborative=personas.ccr,
            upload=upload("canonical_events.csv"),
            actor=personas.police_officer,
        )
    assert ImportJob.objects.count() == 0


def test_too_many_rows_refuse_the_file(personas, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    job = run(personas, personas.police_officer, "canonical_events.csv")
    assert job.status == ImportStatus.FAILED and Event.objects.count() == 0


def test_the_error_report_neutralises_formulas(personas):
    content = b"case_ref,offender_ref,stage,occurred_on,agency,outcome,=HYPERLINK(1)\n"
    job = run(personas, personas.police_officer, "evil.csv", content)
    report = tabular.to_csv(imports.error_report_table(job)).decode()
    rows = list(csv.reader(io.StringIO(report)))
    assert rows[0] == ["row", "column", "message"]
    assert ["1", "'=HYPERLINK(1)", "Unknown column (see the canonical format)."] in rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-01-02 04:00:00", datetime.date(2019, 1, 2)),
        ("2019-01-02 05:00:00", datetime.date(2019, 1, 2)),
        ("2019-02-06", datetime.date(2019, 2, 6)),
        ("4/15/2019 12:00:00 AM", datetime.date(2019, 4, 15)),
        ("4/15/2019 11:30 PM", datetime.date(2019, 4, 15)),
        ("2019-01-02T04:00:00+00:00", datetime.date(2019, 1, 2)),
    ],
)
def test_dates_in_mixed_formats_keep_the_date_written(text, expected):
    assert imports.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/31/2019", "4/15/19", "yesterday", "2019-13-01", "1900-01-01"])
def test_unreadable_or_implausible_dates_are_refused(text):
    with pytest.raises(ValueError):
        imports.parse_date(text)


def test_a_date_in_the_future_is_refused():
    with pytest.raises(ValueError):
        imports.parse_date(datetime.date.today() + datetime.timedelta(days=400))


def test_a_prosecutor_cannot_change_the_outcome_of_a_police_event(personas):
    run(personas, personas.police_officer, "canonical_events.csv")
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        b"RPD-19-101,P-101,arrest,2019-05-03,prosecutor,none\n"
    )
    job = run(personas, personas.prosecutor, "theirs.csv", content)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "outcome")]
    arrest = Event.objects.get(case__external_ref="RPD-19-101", stage="arrest")
    assert (arrest.outcome, arrest.agency) == ("dual", personas.police)


def test_the_same_event_from_another_agencys_export_stays_with_its_recorder(personas):
    run(personas, personas.police_officer, "canonical_events.csv")
    content = (
        b"case_ref,offender_ref,stage,occurred_on,agency,outcome\n"
        b"RPD-19-101,P-101,arrest,2019-05-03,prosecutor,\n"
        b"RPD-19-101,P-101,charge_filed,2019-05-10,prosecutor,\n"
    )
    job = run(personas, personas.prosecutor, "theirs.csv", content)
    assert job.status == ImportStatus.COMPLETED, job.errors
    arrest = Event.objects.get(case__external_ref="RPD-19-101", stage="arrest")
    # A blank outcome keeps the recorded one; the police event stays the police's.
    assert (arrest.outcome, arrest.agency, arrest.version) == ("dual", personas.police, 1)
    assert Event.objects.get(stage="charge_filed").agency == personas.prosecutor_office


def test_a_job_is_queued_once_however_often_start_is_pressed(personas, client_as, settings):
    # The database queue, not the inline runner: the job waits for a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=upload("canonical_events.csv"),
        actor=personas.police_officer,
    )
    client = client_as(personas.police_officer)
    page = f"/imports/{job.public_id}/"
    assert "Import all rows" in client.get(page).content.decode()
    assert imports.start_job(job) is True
    assert imports.start_job(job) is False
    job.refresh_from_db()
    assert job.queued_at is not None and job.status == "pending"
    assert "Import all rows" not in client.get(page).content.decode()


def test_the_downloaded_error_report_is_audited_with_its_row_numbers(personas, client_as):
    content = b"case_ref,offender_ref,stage,occurred_on,agency,outcome,+cmd\n"
    job = run(personas, personas.police_officer, "evil.csv", content)
    response = client_as(personas.police_officer).get(
        reverse("imports:import-errors", args=[job.public_id])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["1", "'+cmd", "Unknown column (see the canonical format)."] in rows
    event = AuditEvent.objects.get(action="imports.error_report_downloaded")
    assert event.actor == personas.police_officer and event.object_id == str(job.public_id)
    assert event.details["row_ids"] == [row[0] for row in rows[1:]]
    assert "cmd" not in str(event.details)


def test_no_error_report_leaves_when_its_audit_fails(personas, client_as, audit_refused):
    job = run(personas, personas.police_officer, "evil.csv", b"case_ref,-2+3\n")
    with audit_refused():
        client_as(personas.police_officer).get(
            reverse("imports:import-errors", args=[job.public_id])
        )
