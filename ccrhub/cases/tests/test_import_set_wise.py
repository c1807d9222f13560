"""Imports as real exports arrive, with the same results on PostgreSQL (set-wise, over
staging tables) and SQLite (row by row): quirks of the file, changes counted, the
neutral refusal for a case kept from the importer, stage firsts kept by the writes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ccrhub.audit.models import AuditEvent
from ccrhub.cases import imports, stage_firsts
from ccrhub.cases.actions import REFERENCE_UNAVAILABLE
from ccrhub.cases.models import Case, Event, ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

HEADER = "case_ref,offender_ref,stage,occurred_on,agency,outcome,victim_sex"


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


def run(personas, actor, content: bytes) -> ImportJob:
    upload = SimpleUploadedFile("export.csv", content, content_type="text/csv")
    job = imports.create_job(collaborative=personas.ccr, upload=upload, actor=actor)
    return imports.run_import(str(job.public_id))


def committed(job: ImportJob) -> dict:
    audit = AuditEvent.objects.get(action="cases.import_committed", object_id=str(job.public_id))
    return audit.details


def lines(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def quirky_export() -> bytes:
    """What a records system writes: BOM, CRLF, padded header, US dates with a time,
    a row exported twice and blank rows at the end."""
    header = " case_ref , offender_ref,stage ,occurred_on,agency, outcome,victim_sex"
    rows = [
        header,
        "RPD-7,P-7,incident,03/04/2024 14:05,police,,female",
        "RPD-7,P-7,arrest,03/04/2024 23:30,police,single,",
        "RPD-7,P-7,arrest,03/04/2024 23:30,police,single,",
        "RPD-8,P-8,incident,12/31/2023 00:00,police,,",
        ",,,,,,",
        "",
    ]
    return b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n\r\n"


def test_the_officer_imports_an_export_with_every_usual_quirk(personas):
    job = run(personas, personas.police_officer, quirky_export())

    assert job.status == ImportStatus.COMPLETED, job.errors
    assert job.rows_imported == 3
    stored = set(Event.objects.values_list("case__external_ref", "stage", "occurred_on"))
    assert stored == {
        ("RPD-7", "incident", datetime.date(2024, 3, 4)),
        ("RPD-7", "arrest", datetime.date(2024, 3, 4)),
        ("RPD-8", "incident", datetime.date(2023, 12, 31)),
    }
    details = committed(job)
    assert (details["duplicates"], details["events_created"], details["cases_created"]) == (1, 3, 2)
    assert Case.objects.get(external_ref="RPD-7").victim_sex == "female"
    assert Case.objects.get(external_ref="RPD-8").victim_sex == "unknown"
    assert Event.objects.exclude(public_id=None).count() == 3


def test_re_importing_the_quirky_export_adds_and_changes_nothing(personas):
    run(personas, personas.police_officer, quirky_export())
    events = list(Event.objects.order_by("pk").values_list("pk", "public_id", "version"))
    cases = list(Case.objects.order_by("pk").values_list("pk", "public_id", "version"))

    again = run(personas, personas.police_officer, quirky_export())

    assert again.status == ImportStatus.COMPLETED
    assert list(Event.objects.order_by("pk").values_list("pk", "public_id", "version")) == events
    assert list(Case.objects.order_by("pk").values_list("pk", "public_id", "version")) == cases
    details = committed(again)
    assert (details["events_created"], details["events_updated"]) == (0, 0)
    assert (details["events_unchanged"], details["cases_created"], details["cases_updated"]) == (
        3,
        0,
        0,
    )


def test_a_later_export_fills_blanks_changes_outcomes_and_is_counted(personas):
    run(
        personas,
        personas.police_officer,
        lines(
            "RPD-1,P-1,incident,2024-01-02,police,,",
            "RPD-1,P-1,arrest,2024-01-03,police,,",
            "RPD-2,P-2,incident,2024-01-05,police,,male",
        ),
    )
    later = run(
        personas,
        personas.police_officer,
        lines(
            "RPD-1,P-1,incident,2024-01-02,police,,female",  # fills the case's victim sex
            "RPD-1,P-1,arrest,2024-01-03,police,dual,",  # the outcome, now known
            "RPD-1,P-1,charge_filed,2024-01-09,police,,",  # a new event
            "RPD-2,P-2,incident,2024-01-05,police,,",  # a blank keeps what is stored
            "RPD-3,P-3,incident,2024-02-01,police,,",  # a new case
        ),
    )

    assert later.status == ImportStatus.COMPLETED, later.errors
    details = committed(later)
    assert {k: details[k] for k in ("events_created", "events_updated", "events_unchanged")} == {
        "events_created": 2,
        "events_updated": 1,
        "events_unchanged": 2,
    }
    assert (details["cases_created"], details["cases_updated"]) == (1, 1)
    new_case = Case.objects.get(external_ref="RPD-3")
    assert details["created_case_ids"] == [str(new_case.public_id)]
    arrest = Event.objects.get(case__external_ref="RPD-1", stage="arrest")
    assert (arrest.outcome, arrest.version) == ("dual", 2)
    first, second = Case.objects.get(external_ref="RPD-1"), Case.objects.get(external_ref="RPD-2")
    assert (first.victim_sex, first.version) == ("female", 2)
    assert (second.victim_sex, second.version) == ("male", 1)
    assert new_case.opened_on == datetime.date(2024, 2, 1)
    assert new_case.lead_agency == personas.police


def test_the_coordinator_may_correct_an_event_another_agency_recorded(personas):
    run(personas, personas.police_officer, lines("RPD-5,P-5,arrest,2024-03-01,police,single,"))
    job = run(personas, personas.coordinator, lines("RPD-5,P-5,arrest,2024-03-01,police,dual,"))

    assert job.status == ImportStatus.COMPLETED, job.errors
    arrest = Event.objects.get(case__external_ref="RPD-5")
    assert (arrest.outcome, arrest.agency, arrest.version) == ("dual", personas.police, 2)


def test_only_the_rows_changing_another_agencys_outcomes_are_refused(personas):
    run(
        personas,
        personas.police_officer,
        lines(
            "RPD-6,P-6,arrest,2024-03-01,police,single,",
            "RPD-6,P-6,incident,2024-02-28,police,,",
        ),
    )
    job = run(
        personas,
        personas.prosecutor,
        lines(
            "RPD-6,P-6,incident,2024-02-28,prosecutor,,",  # the same event: no change
            "RPD-6,P-6,charge_filed,2024-03-09,prosecutor,,",
            "RPD-6,P-6,arrest,2024-03-01,prosecutor,none,",  # a police outcome changed
        ),
    )

    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "outcome")]
    assert not Event.objects.filter(stage="charge_filed").exists()


def test_a_case_kept_from_the_importer_gets_the_neutral_answer_and_is_audited(personas, party_case):
    job = run(
        personas,
        personas.party_officer,
        lines(
            "RPD-9,P-9,incident,2024-01-01,police,,",
            f"{party_case.external_ref},P-1,arrest,2024-01-02,police,single,",
        ),
    )

    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 3, "column": "case_ref", "message": str(REFERENCE_UNAVAILABLE)}]
    assert party_case.external_ref not in str(job.errors)
    denial = AuditEvent.objects.get(action="restricted.denied")
    assert denial.actor == personas.party_officer
    assert denial.object_id == str(party_case.public_id)
    assert not Case.objects.filter(external_ref="RPD-9").exists()
    assert not Event.objects.exists()


def test_set_wise_writes_keep_the_stage_firsts_true(personas):
    run(
        personas,
        personas.police_officer,
        lines("RPD-4,P-4,arrest,2024-01-03,police,,", "RPD-4,P-4,incident,2024-01-02,police,,"),
    )
    run(
        personas,
        personas.police_officer,
        lines(
            "RPD-4,P-4,arrest,2024-01-03,police,dual,",
            "RPD-4,P-4,arrest,2024-01-01,police,none,",
        ),
    )

    assert stage_firsts.stored_rows() == stage_firsts.computed_rows()
    (row,) = stage_firsts.stored_rows()
    assert row[2] == "2024-01-03"  # the first arrest that was one (not "none")


def test_no_staging_table_outlives_the_import(personas):
    run(personas, personas.police_officer, lines("RPD-1,P-1,incident,2024-01-02,police,,"))
    tables = connection.introspection.table_names(include_views=False)
    assert "import_case" not in tables and "import_event" not in tables
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('import_event'), to_regclass('import_case')")
            assert cursor.fetchone() == (None, None)


def test_no_index_of_the_case_tables_repeats_the_start_of_another():
    if connection.vendor != "postgresql":
        pytest.skip("index definitions are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indrelid::regclass::text || ' ' || i.indexrelid::regclass::text,
                i.indkey::text, i.indisunique
            FROM pg_index i
            WHERE i.indrelid IN ('cases_case'::regclass, 'cases_event'::regclass)
                AND i.indpred IS NULL AND i.indexprs IS NULL
            """
        )
        indexes = [(name, keys.split(), unique) for name, keys, unique in cursor]
    repeated = [
        (name, other)
        for name, keys, unique in indexes
        for other, other_keys, _unique in indexes
        if name != other
        and not unique  # a unique index carries a rule, not only speed
        and name.split()[0] == other.split()[0]
        and other_keys[: len(keys)] == keys  # whatever the operator class: equality
    ]
    assert repeated == []
