"""Zip archives from outside (S21): decompression bombs are refused before anything is
unpacked.

XLSX workbooks, DOCX documents and HSDS packages are zip archives. A few kilobytes can
declare, and inflate to, gigabytes (a shared-strings part of repeated characters, say),
so every archive is checked against its central directory before any part is parsed:

- no more than `CCRHUB_ARCHIVE_MAX_BYTES` once unpacked, all members together;
- no member, nor the whole, inflating more than `CCRHUB_ARCHIVE_MAX_RATIO` times
  (members under a mebibyte are not held to the ratio: small XML parts compress well);
- no more than `MAX_MEMBERS` members.

Members read here are read in chunks and counted, so a member that inflates past what
the directory declared is refused too, whatever the zip reader does about it.

    archive = open_checked(data)        # ArchiveRefused, or zipfile.BadZipFile
    unpacker = Unpacker(archive)
    content = unpacker.read(info)       # ArchiveRefused past the limits
"""

import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

MAX_MEMBERS = 10_000
# Members (and archives) smaller than this once unpacked are not held to the ratio.
RATIO_APPLIES_FROM = 1024 * 1024
CHUNK = 64 * 1024


class ArchiveRefused(Exception):
    """The archive would unpack to more than is accepted; the message is safe to show."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_ratio: int
    max_members: int = MAX_MEMBERS


def limits(*, max_bytes: int | None = None) -> Limits:
    """The configured limits; a caller may tighten the unpacked size for its own kind."""
    configured = int(settings.CCRHUB_ARCHIVE_MAX_BYTES)
    return Limits(
        max_bytes=min(configured, max_bytes) if max_bytes is not None else configured,
        max_ratio=int(settings.CCRHUB_ARCHIVE_MAX_RATIO),
    )


def _too_big() -> ArchiveRefused:
    return ArchiveRefused(
        _("The file unpacks to more than is accepted (it may be a decompression bomb).")
    )


def check(archive: zipfile.ZipFile, *, packed_size: int, within: Limits) -> None:
    """Refuse the archive on what its directory declares, before anything is unpacked."""
    members = archive.infolist()
    if len(members) > within.max_members:
        raise ArchiveRefused(_("The file holds more parts than are accepted."))
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        if _inflates_too_much(member.file_size, member.compress_size, within):
            raise _too_big()
    if unpacked > within.max_bytes or _inflates_too_much(unpacked, packed_size, within):
        raise _too_big()


def _inflates_too_much(unpacked: int, packed: int, within: Limits) -> bool:
    return unpacked >= RATIO_APPLIES_FROM and unpacked > within.max_ratio * max(packed, 1)


def open_checked(data: bytes, within: Limits | None = None) -> zipfile.ZipFile:
    """The archive in `data`, checked; zipfile.BadZipFile when it is not a zip."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        check(archive, packed_size=len(data), within=within or limits())
    except ArchiveRefused:
        archive.close()
        raise
    return archive


def check_stream(stream: IO[bytes], within: Limits | None = None) -> None:
    """Check the archive in a seekable stream (an XLSX upload) and rewind it for its reader."""
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    try:
        with zipfile.ZipFile(stream) as archive:
            check(archive, packed_size=size, within=within or limits())
    finally:
        stream.seek(start)


class Unpacker:
    """Reads members of a checked archive, counting what comes out against the limits."""

    def __init__(self, archive: zipfile.ZipFile, within: Limits | None = None) -> None:
        self.archive = archive
        self.left = (within or limits()).max_bytes

    def read(self, member: zipfile.ZipInfo) -> bytes:
        """The member's bytes; ArchiveRefused past its declared size or the total."""
        allowed = min(member.file_size, self.left)
        chunks: list[bytes] = []
        count = 0
        with self.archive.open(member) as source:
            while chunk := source.read(CHUNK):
                count += len(chunk)
                if count > allowed:
                    raise _too_big()
                chunks.append(chunk)
        self.left -= count
        return b"".join(chunks)
