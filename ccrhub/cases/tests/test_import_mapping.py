"""A prosecutor's real export — one row per charge, three date formats, blanks, duplicates —
imports through a mapping saved on the mapping screen."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccrhub.cases import imports
from ccrhub.cases.models import Case, ColumnMapping, Event, ImportJob, ImportStatus

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
D = datetime.date

PROSECUTOR_COLUMNS = {
    "case_ref": "Case Number",
    "offender_ref": "Defendant ID",
    "charge_ref": "Charge Seq",
    "offender_sex": "Def Sex",
    "victim_sex": "Victim Sex",
    "events": [
        {"stage": "arrest", "date_column": "Arrest Date", "case_level": True},
        {"stage_column": "Filing Decision", "date_column": "Filing Date"},
        {
            "stage": "disposition",
            "date_column": "Disposition Date",
            "outcome_column": "Disposition",
        },
    ],
}
PROSECUTOR_VALUES = {
    "stage": {"F": "charge_filed", "D": "charge_declined"},
    "outcome": {"GP": "convicted_plea", "GT": "convicted_trial", "DISM": "dismissed"},
}
EXPECTED = {
    ("DA-19-001", "arrest", "", D(2019, 1, 2), ""),
    ("DA-19-001", "charge_filed", "1", D(2019, 2, 6), ""),
    ("DA-19-001", "charge_filed", "2", D(2019, 2, 6), ""),
    ("DA-19-001", "disposition", "1", D(2019, 4, 15), "convicted_plea"),
    ("DA-19-001", "disposition", "2", D(2019, 4, 15), "dismissed"),
    ("DA-19-002", "arrest", "", D(2019, 1, 20), ""),
    ("DA-19-002", "charge_declined", "1", D(2019, 1, 25), ""),
    ("DA-19-003", "arrest", "", D(2019, 3, 3), ""),
}


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


def export() -> SimpleUploadedFile:
    return SimpleUploadedFile("export.csv", (DATA / "prosecutor_export.csv").read_bytes())


def stored() -> set[tuple]:
    return set(
        Event.objects.values_list("case__external_ref", "stage", "track", "occurred_on", "outcome")
    )


@pytest.fixture
def prosecutor_mapping(personas) -> ColumnMapping:
    return imports.save_mapping(
        collaborative=personas.ccr,
        agency=personas.prosecutor_office,
        name="Case management export",
        columns=PROSECUTOR_COLUMNS,
        values=PROSECUTOR_VALUES,
        actor=personas.prosecutor,
    )


def test_the_prosecutors_export_imports_through_the_saved_mapping(personas, prosecutor_mapping):
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=export(),
        actor=personas.prosecutor,
        mapping=prosecutor_mapping,
    )
    job = imports.run_import(str(job.public_id))
    assert job.status == ImportStatus.COMPLETED, job.errors
    assert stored() == EXPECTED
    assert job.rows_total == 6 and job.rows_imported == len(EXPECTED)
    first = Case.objects.get(external_ref="DA-19-001")
    assert (first.offender_sex, first.victim_sex, first.opened_on) == (
        "male",
        "female",
        D(2019, 1, 2),
    )
    assert set(Event.objects.values_list("agency", flat=True)) == {personas.prosecutor_office.pk}
    again = imports.run_import(
        str(
            imports.create_job(
                collaborative=personas.ccr,
                upload=export(),
                actor=personas.prosecutor,
                mapping=prosecutor_mapping,
            ).public_id
        )
    )
    assert again.rows_imported == job.rows_imported and stored() == EXPECTED
    assert Event.objects.count() == len(EXPECTED) and Case.objects.count() == 3


def test_an_unmapped_code_is_an_error_by_row_and_source_column(personas, prosecutor_mapping):
    broken = (DATA / "prosecutor_export.csv").read_bytes().replace(b",GP,", b",NOLO,")
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("e.csv", broken),
        actor=personas.prosecutor,
        mapping=prosecutor_mapping,
    )
    job = imports.run_import(str(job.public_id))
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Disposition")]
    assert "NOLO" not in json.dumps(job.errors)
    assert Event.objects.count() == 0


def test_a_mapping_whose_columns_are_missing_from_the_file_refuses_it(personas, prosecutor_mapping):
    renamed = (DATA / "prosecutor_export.csv").read_bytes().replace(b"Filing Date", b"Filed On")
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("e.csv", renamed),
        actor=personas.prosecutor,
        mapping=prosecutor_mapping,
    )
    job = imports.run_import(str(job.public_id))
    assert job.errors == [
        {"row": 1, "column": "Filing Date", "message": "Column named by the mapping is missing."}
    ]


def test_a_mapping_with_an_unknown_structure_is_refused(personas):
    assert imports.check_mapping({"case_ref": "A", "offender_ref": "B", "sql": "x"}, {})
    assert imports.check_mapping(
        {"case_ref": "A", "offender_ref": "B", "events": [{"stage": "nope", "date_column": "D"}]},
        {},
    )
    assert imports.check_mapping(PROSECUTOR_COLUMNS, {"stage": {"F": "not_a_stage"}})
    assert imports.check_mapping(PROSECUTOR_COLUMNS, PROSECUTOR_VALUES) == []


def test_an_officer_cannot_save_a_mapping_for_the_prosecutors_office(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.save_mapping(
            collaborative=personas.ccr,
            agency=personas.prosecutor_office,
            name="Not mine",
            columns=PROSECUTOR_COLUMNS,
            values=PROSECUTOR_VALUES,
            actor=personas.police_officer,
        )


def test_the_prosecutor_builds_the_mapping_on_the_screen_and_imports_with_it(personas, client_as):
    client = client_as(personas.prosecutor)
    url = reverse("imports:mapping-new")
    assert client.get(url).status_code == 200
    sample = client.post(
        url,
        {
            "step": "sample",
            "collaborative": personas.ccr.public_id,
            "agency": personas.prosecutor_office.public_id,
            "name": "CMS export",
            "file": export(),
        },
    )
    assert sample.status_code == 200 and sample.context["step"] == "columns"
    carried = {k: sample.context["form"].initial[k] for k in ("collaborative", "agency", "name")}
    carried |= {k: sample.context["form"].initial[k] for k in ("headers", "codes")}
    assert "Filing Decision" in json.loads(carried["headers"])
    columns = client.post(
        url,
        {
            "step": "columns",
            **carried,
            "case_ref": "Case Number",
            "offender_ref": "Defendant ID",
            "charge_ref": "Charge Seq",
            "offender_sex": "Def Sex",
            "victim_sex": "Victim Sex",
            "e0_stage": "arrest",
            "e0_date_column": "Arrest Date",
            "e0_case_level": "on",
            "e1_stage": "column",
            "e1_stage_column": "Filing Decision",
            "e1_date_column": "Filing Date",
            "e2_stage": "disposition",
            "e2_date_column": "Disposition Date",
            "e2_outcome_column": "Disposition",
        },
    )
    assert columns.status_code == 200 and columns.context["step"] == "values", columns.context[
        "form"
    ].errors
    form = columns.context["form"]
    slots = {(key, code): name for name, key, code in form.slots}
    assert ("stage", "F") in slots and ("outcome", "GP") in slots
    answers = {
        slots[("stage", "F")]: "charge_filed",
        slots[("stage", "D")]: "charge_declined",
        slots[("outcome", "GP")]: "convicted_plea",
        slots[("outcome", "DISM")]: "dismissed",
    }
    # M and F are read as sexes without a mapping; map them anyway, as a clerk would.
    for (key, code), name in slots.items():
        if key.endswith("_sex"):
            answers[name] = {"M": "male", "F": "female"}[code]
    saved = client.post(
        url,
        {
            "step": "values",
            **{k: form.initial[k] for k in ("collaborative", "agency", "name", "columns")},
            "targets": columns.context["targets_json"],
            **answers,
        },
    )
    assert saved.status_code == 302
    mapping = ColumnMapping.objects.get(name="CMS export")
    assert mapping.agency == personas.prosecutor_office
    assert mapping.columns["events"][0] == {
        "stage": "arrest",
        "date_column": "Arrest Date",
        "case_level": True,
    }
    assert mapping.values["stage"] == {"F": "charge_filed", "D": "charge_declined"}

    # Upload: a preview of the first rows as they will be stored, then the import.
    uploaded = client.post(
        reverse("imports:import-list"),
        {"collaborative": personas.ccr.public_id, "mapping": mapping.public_id, "file": export()},
    )
    assert uploaded.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(uploaded["Location"])
    assert page.status_code == 200 and page.context["may_start"]
    assert {d.stage for d, _agency in page.context["preview"]} >= {"arrest", "charge_filed"}
    assert Event.objects.count() == 0  # a preview stores nothing
    started = client.post(reverse("imports:import-start", args=[job.public_id]))
    assert started.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.COMPLETED and stored() == EXPECTED
    progress = client.get(reverse("imports:import-progress", args=[job.public_id]))
    assert b"hx-get" not in progress.content  # finished: polling stops
    assert b"events stored or confirmed" in progress.content


def test_the_progress_partial_polls_while_the_job_runs(personas, client_as):
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("e.csv", (DATA / "canonical_events.csv").read_bytes()),
        actor=personas.police_officer,
    )
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_total=10, rows_done=4)
    response = client_as(personas.police_officer).get(
        reverse("imports:import-progress", args=[job.public_id])
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert (
        '<progress id="import-progress-bar"' in body and 'value="4"' in body and 'max="10"' in body
    )


def test_a_failed_import_offers_its_error_report(personas, client_as):
    content = (DATA / "broken_events.csv").read_bytes()
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("b.csv", content),
        actor=personas.police_officer,
    )
    imports.run_import(str(job.public_id))
    client = client_as(personas.police_officer)
    report = client.get(reverse("imports:import-errors", args=[job.public_id]))
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    assert "attachment" in report["Content-Disposition"]
    assert b"arested" not in report.content and b"3,stage," in report.content


def test_jobs_are_seen_by_their_importer_and_the_coordinator_only(personas, client_as):
    job = imports.create_job(
        collaborative=personas.ccr,
        upload=SimpleUploadedFile("e.csv", (DATA / "canonical_events.csv").read_bytes()),
        actor=personas.police_officer,
    )
    url = reverse("imports:import-detail", args=[job.public_id])
    assert client_as(personas.coordinator).get(url).status_code == 200
    assert client_as(personas.prosecutor).get(url).status_code == 404
    assert client_as(personas.outsider).get(url).status_code == 404
    # The coordinator sees the job but does not start someone else's import.
    start = reverse("imports:import-start", args=[job.public_id])
    assert client_as(personas.coordinator).post(start).status_code == 403
