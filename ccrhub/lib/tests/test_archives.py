"""Zip archives (S21): refused on what their directory declares, before unpacking, and
counted while read, so neither a bomb nor a lying header fills memory."""

import io
import zipfile

import pytest

from ccrhub.lib import archives
from ccrhub.lib.tests.zipbombs import bomb, understate


def test_an_archive_that_inflates_too_much_is_refused_from_its_directory() -> None:
    data = bomb({}, "big.txt", mebibytes=8)
    assert len(data) < 64 * 1024

    with pytest.raises(archives.ArchiveRefused):
        archives.open_checked(data)


def test_an_archive_over_the_unpacked_size_is_refused_whatever_its_ratio(settings) -> None:
    settings.CCRHUB_ARCHIVE_MAX_BYTES = 1024 * 1024
    data = bomb({}, "big.txt", mebibytes=2)
    settings.CCRHUB_ARCHIVE_MAX_RATIO = 10_000

    with pytest.raises(archives.ArchiveRefused):
        archives.open_checked(data)


def test_a_member_unpacking_past_its_declared_size_is_refused_while_read() -> None:
    data = understate(bomb({}, "big.txt", mebibytes=8), "big.txt", declared=1000)
    archive = archives.open_checked(data)  # the directory looks harmless

    with pytest.raises((archives.ArchiveRefused, zipfile.BadZipFile)):
        archives.Unpacker(archive).read(archive.getinfo("big.txt"))


def test_what_is_read_counts_against_the_total(settings) -> None:
    settings.CCRHUB_ARCHIVE_MAX_BYTES = 1500
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", b"a" * 1000)
        archive.writestr("b.txt", b"b" * 400)
    within = archives.Limits(max_bytes=1500, max_ratio=100)
    archive = archives.open_checked(out.getvalue(), within)
    unpacker = archives.Unpacker(archive, archives.Limits(max_bytes=1200, max_ratio=100))

    assert unpacker.read(archive.getinfo("a.txt")) == b"a" * 1000
    with pytest.raises(archives.ArchiveRefused):
        unpacker.read(archive.getinfo("b.txt"))


def test_an_ordinary_workbook_held_to_the_ratio_passes() -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for number in range(5_000):
        sheet.append([f"C-{number}", f"P-{number % 900}", "arrest", "2020-01-01", "police", ""])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with zipfile.ZipFile(out) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        assert member.file_size > archives.RATIO_APPLIES_FROM  # held to the ratio
    out.seek(0)

    archives.check_stream(out)
    assert out.tell() == 0  # rewound for the reader
