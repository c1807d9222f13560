"""Decompression bombs for tests, built in memory a chunk at a time: megabytes of one
repeated character deflate to a few kilobytes, and nothing large is ever held."""

import io
import struct
import zipfile

CHUNK = b"A" * (1024 * 1024)


def write_repeated(archive: zipfile.ZipFile, name: str, mebibytes: int, *, wrap=(b"", b"")):
    """A member of `mebibytes` MiB of one character (between `wrap`'s two parts)."""
    with archive.open(name, "w") as member:
        member.write(wrap[0])
        for _ in range(mebibytes):
            member.write(CHUNK)
        member.write(wrap[1])


def bomb(parts: dict[str, bytes], name: str, mebibytes: int, *, wrap=(b"", b"")) -> bytes:
    """A zip of `parts`, plus `name` inflating to `mebibytes` MiB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
        write_repeated(archive, name, mebibytes, wrap=wrap)
    return out.getvalue()


# (signature, offset of the unpacked size, of the name's length, of the name)
HEADERS = ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30))


def understate(data: bytes, name: str, declared: int) -> bytes:
    """The same zip, its directory and local header claiming that `name` unpacks to
    `declared` bytes (a lying header)."""
    forged = bytearray(data)
    encoded = name.encode()
    for signature, size_at, length_at, name_at in HEADERS:
        start = forged.find(signature)
        while start != -1:
            (length,) = struct.unpack_from("<H", forged, start + length_at)
            if forged[start + name_at : start + name_at + length] == encoded:
                struct.pack_into("<I", forged, start + size_at, declared)
            start = forged.find(signature, start + 4)
    return bytes(forged)
