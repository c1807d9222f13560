"""Event imports refuse decompression bombs before parsing, and headers that name a column
twice (S21/S22): refused whole, nothing stored, the error naming the header only."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccrhub.cases import imports
from ccrhub.cases.models import Event, ImportJob, ImportStatus
from ccrhub.lib.tests.zipbombs import write_repeated

pytestmark = pytest.mark.django_db

HEADER = ["case_ref", "offender_ref", "stage", "occurred_on", "agency", "outcome"]
SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'


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


def workbook(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_huge_shared_strings(data: bytes, mebibytes: int) -> bytes:
    """The workbook with one shared string of `mebibytes` MiB (a few KB once deflated)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, source.read(info))
        write_repeated(archive, "xl/sharedStrings.xml", mebibytes, wrap=(SST, b"</t></si></sst>"))
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


BOMB = with_huge_shared_strings(
    workbook(HEADER, ["RPD-1", "P-1", "arrest", "2019-05-01", "police", "single"]), 24
)


def test_a_workbook_whose_shared_strings_inflate_hugely_is_refused_on_upload(personas):
    assert len(BOMB) < 100 * 1024

    with pytest.raises(imports.FileProblem, match="unpacks to more than is accepted"):
        imports.create_job(
            collaborative=personas.ccr,
            upload=upload("events.xlsx", BOMB),
            actor=personas.police_officer,
        )

    assert ImportJob.objects.count() == 0


def test_the_api_answers_a_workbook_bomb_with_a_problem_and_stores_nothing(personas, api_as):
    response = api_as(personas.police_officer).post(
        "/api/v1/imports/",
        {
            "collaborative": str(personas.ccr.public_id),
            "file": upload("e.xlsx", BOMB),
            "kind": "events",
        },
        format="multipart",
    )

    assert response.status_code == 422
    assert "unpacks to more than is accepted" in response.json()["detail"]
    assert ImportJob.objects.count() == 0 and Event.objects.count() == 0


def test_a_workbook_bomb_is_refused_before_openpyxl_reads_it(monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", parse)

    with pytest.raises(imports.FileProblem):
        next(imports.read_rows(io.BytesIO(BOMB)))


def test_the_unpacked_size_limit_is_a_setting(personas, settings):
    settings.CCRHUB_ARCHIVE_MAX_BYTES = 64 * 1024
    rows = [[f"RPD-{n}", f"P-{n}", "arrest", "2019-05-01", "police", "single"] for n in range(3000)]

    with pytest.raises(imports.FileProblem):
        imports.create_job(
            collaborative=personas.ccr,
            upload=upload("events.xlsx", workbook(HEADER, *rows)),
            actor=personas.police_officer,
        )


def canonical_csv(header: list[str]) -> bytes:
    row = ["RPD-1", "P-1", "arrest", "2019-05-01", "police", "single", "Jane Doe"]
    return (",".join(header) + "\n" + ",".join(row[: len(header)]) + "\n").encode()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_naming_a_column_twice_refuses_the_file_and_names_the_header(personas, kind):
    header = [*HEADER, "Stage"]
    if kind == "csv":
        data = canonical_csv(header)
    else:
        data = workbook(header, ["RPD-1", "P-1", "arrest", "2019-05-01", "police", "single", "x"])
    job = imports.create_job(
        collaborative=personas.ccr, upload=upload(f"e.{kind}", data), actor=personas.police_officer
    )

    job = imports.run_import(str(job.public_id))

    assert job.status == ImportStatus.FAILED and Event.objects.count() == 0
    assert job.errors == [
        {
            "row": 1,
            "column": "Stage",
            "message": "The column “Stage” appears more than once in the header.",
        }
    ]


def test_a_mapping_sample_naming_a_column_twice_is_refused(personas, client_as):
    response = client_as(personas.prosecutor).post(
        reverse("imports:mapping-new"),
        {
            "step": "sample",
            "collaborative": personas.ccr.public_id,
            "agency": personas.prosecutor_office.public_id,
            "name": "CMS export",
            "file": upload("s.csv", b"Case Number,Filing Date,Filing Date\nDA-1,2019-01-01,x\n"),
        },
    )

    assert response.status_code == 200 and response.context["step"] == "sample"
    assert "“Filing Date” appears more than once" in response.content.decode()
