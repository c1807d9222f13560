"""Uploads (S24): the allow-list by content, size limit, metadata stripped, random names."""

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from ccrhub.lib import uploads


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(
            "docProps/core.xml",
            "<cp:coreProperties><dc:creator>Jane Author</dc:creator></cp:coreProperties>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _pdf(**catalog: Any) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Author="Jane Author"))
    for key, value in catalog.items():
        pdf.Root[f"/{key}"] = value
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False)
    return out.getvalue()


PDF = _pdf()


def test_kinds_are_decided_by_content_not_name() -> None:
    assert uploads.clean_bytes(b"plain words\n").kind.key == "text"
    assert uploads.clean_bytes(_docx()).kind.key == "docx"
    assert uploads.clean_bytes(PDF).kind.key == "pdf"
    with pytest.raises(ValidationError):
        uploads.clean_bytes(b"MZ\x90\x00\x03\x00 executable")
    with pytest.raises(ValidationError):  # a zip that is not a Word document
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("evil.exe", "x")
        uploads.clean_bytes(out.getvalue())


def test_jpeg_loses_its_exif_and_gps() -> None:
    from PIL import Image

    raw = _jpeg_with_gps()
    assert b"PhoneMaker" in raw
    cleaned = uploads.clean_bytes(raw)
    assert b"PhoneMaker" not in cleaned.data
    assert not Image.open(io.BytesIO(cleaned.data)).getexif()


def test_docx_properties_are_emptied_and_macros_refused() -> None:
    cleaned = uploads.clean_bytes(_docx())
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        assert b"Jane Author" not in archive.read("docProps/core.xml")
        assert archive.read("word/document.xml") == b"<w:document/>"
    with pytest.raises(ValidationError):
        uploads.clean_bytes(_docx({"word/vbaProject.bin": b"macro"}))


def test_pdf_info_is_dropped_and_scripts_refused() -> None:
    import pikepdf

    assert b"Jane Author" in PDF
    cleaned = uploads.clean_bytes(PDF)
    assert b"Jane Author" not in cleaned.data and b"/Info" not in cleaned.data
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    with pytest.raises(ValidationError):
        uploads.clean_bytes(_pdf(OpenAction=script))


def test_size_limit_is_enforced() -> None:
    with pytest.raises(ValidationError):
        uploads.clean_upload(SimpleUploadedFile("a.txt", b"x" * 11), limit=10)


def test_stored_under_a_random_name_outside_the_web_root(settings: Any, tmp_path: Any) -> None:
    settings.CCRHUB_UPLOAD_ROOT = tmp_path
    name = uploads.store(uploads.clean_bytes(b"hello\n"))
    assert name.endswith(".txt") and "hello" not in name
    assert uploads.read_stored(name) == b"hello\n"
    assert (tmp_path / name).stat().st_mode & 0o077 == 0
    with pytest.raises(Http404):
        uploads.stored_path("../settings.py")


def test_download_names_are_safe() -> None:
    assert uploads.safe_filename("..\\..\\evil<script>.html", "ab/cd.txt") == "evil_script.txt"
