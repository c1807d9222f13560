"""Uploaded documents (S24): allow-listed by content, size-limited, metadata stripped,
stored under random names outside the web root, served only as attachments.

Any app may use it:

    cleaned = clean_upload(request.FILES["file"])      # ValidationError if refused
    stored_name = store(cleaned)                        # keep this on your model
    ...
    return attachment_response(stored_name, filename=..., content_type=...)  # after access_*

What is accepted is decided by the bytes, never by the name or the browser's type:

- PDF: `%PDF-` header; refused when it carries JavaScript, launch actions, embedded
  files, rich media or XFA forms, or is encrypted. The document information
  dictionary and XMP packets that are stored uncompressed are blanked in place
  (same length, so the cross-reference table stays valid). A limit: metadata kept
  inside compressed object streams is not reached; no runtime PDF library is a
  dependency of the project.
- DOCX: a zip with `[Content_Types].xml` and `word/document.xml`, no macros, no path
  tricks, bounded expansion; `docProps/core.xml`, `app.xml` and `custom.xml` are
  replaced by empty property sets (author, company, dates, revision go).
- PNG and JPEG: decoded and re-encoded by Pillow, which drops EXIF (GPS), XMP, ICC
  and text chunks.
- Plain text: strict UTF-8 without NUL bytes.
"""

import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    extension: str
    content_type: str
    label: str


KINDS: dict[str, Kind] = {
    "pdf": Kind("pdf", "pdf", "application/pdf", "PDF"),
    "docx": Kind(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document (DOCX)",
    ),
    "png": Kind("png", "png", "image/png", "PNG image"),
    "jpeg": Kind("jpeg", "jpg", "image/jpeg", "JPEG image"),
    "text": Kind("text", "txt", "text/plain; charset=utf-8", "Plain text"),
}

# A DOCX may not expand beyond this, nor by more than this ratio (zip bombs).
DOCX_MAX_EXPANDED = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200
# Largest image, in pixels, Pillow is asked to decode.
MAX_PIXELS = 40_000_000

PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA|Encrypt)\b"
)
PDF_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
XMP_PACKET = re.compile(rb"<\?xpacket begin=.*?<\?xpacket end=['\"][rw]['\"]\?>", re.DOTALL)
STORED_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|docx|png|jpg|txt)$")

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>'
)
EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties"/>'
)
DOCX_PROPS = {
    "docProps/core.xml": EMPTY_CORE,
    "docProps/app.xml": EMPTY_APP,
    "docProps/custom.xml": EMPTY_CUSTOM,
}


@dataclass(frozen=True)
class CleanUpload:
    """Bytes that passed the checks, with metadata stripped."""

    data: bytes
    kind: Kind

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return int(getattr(settings, "CCRHUB_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_root() -> Path:
    root = getattr(settings, "CCRHUB_UPLOAD_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "uploads"


def refused(message: str) -> ValidationError:
    return ValidationError(message, code="upload_refused")


def allowed_labels() -> str:
    return ", ".join(kind.label for kind in KINDS.values())


# ---------------------------------------------------------------------------
# Recognising and cleaning
# ---------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The allow-listed kind these bytes are, or None. Decided by content only."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _looks_like_docx(data) else None
    if _is_plain_text(data):
        return "text"
    return None


def _looks_like_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls == 0


def read_limited(uploaded: Any, limit: int) -> bytes:
    """At most `limit` bytes of an uploaded file; refused when it is larger."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise refused(_("The file is larger than the limit of %(mb)s MB.") % {"mb": _mb(limit)})
    chunks: list[bytes] = []
    total = 0
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        total += len(chunk)
        if total > limit:
            raise refused(_("The file is larger than the limit of %(mb)s MB.") % {"mb": _mb(limit)})
        chunks.append(chunk)
    return b"".join(chunks)


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def clean_bytes(data: bytes) -> CleanUpload:
    """Check the bytes against the allow-list and strip their metadata."""
    if not data:
        raise refused(_("The file is empty."))
    key = sniff(data)
    if key is None:
        raise refused(
            _("This kind of file is not accepted. Accepted: %(kinds)s.")
            % {"kinds": allowed_labels()}
        )
    cleaners = {
        "pdf": clean_pdf,
        "docx": clean_docx,
        "png": clean_image,
        "jpeg": clean_image,
        "text": lambda raw: raw,
    }
    return CleanUpload(data=cleaners[key](data), kind=KINDS[key])


def clean_upload(uploaded: Any, *, limit: int | None = None) -> CleanUpload:
    """An uploaded file (Django `UploadedFile`), checked and cleaned."""
    return clean_bytes(read_limited(uploaded, limit if limit is not None else max_bytes()))


def clean_pdf(data: bytes) -> bytes:
    if PDF_ACTIVE.search(data):
        raise refused(
            _(
                "This PDF carries scripts, embedded files, forms or encryption, which are not "
                "accepted. Print it to a new PDF and upload that."
            )
        )
    cleaned = bytearray(data)
    for match in PDF_INFO_REF.finditer(data):
        _blank_object(cleaned, int(match.group(1)), int(match.group(2)))
    for match in XMP_PACKET.finditer(data):
        start, end = match.span()
        cleaned[start:end] = b" " * (end - start)
    return bytes(cleaned)


def _blank_object(buffer: bytearray, number: int, generation: int) -> None:
    """Overwrite an uncompressed dictionary object's content with spaces, keeping
    `<<` and `>>` and every byte offset."""
    header = re.compile(rb"(?<![0-9])%d\s+%d\s+obj\s*<<" % (number, generation))
    for match in header.finditer(bytes(buffer)):
        start = match.end()
        end = buffer.find(b"endobj", start)
        if end == -1:
            continue
        close = buffer.rfind(b">>", start, end)
        if close == -1:
            continue
        buffer[start:close] = b" " * (close - start)


def clean_docx(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise refused(_("The Word document is damaged.")) from None
    with archive:
        infos = archive.infolist()
        expanded = sum(info.file_size for info in infos)
        if expanded > DOCX_MAX_EXPANDED or expanded > DOCX_MAX_RATIO * max(len(data), 1):
            raise refused(_("The Word document expands to more than is accepted."))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as clean:
            for info in infos:
                name = info.filename
                if name.startswith("/") or ".." in name.split("/") or "\\" in name:
                    raise refused(_("The Word document is damaged."))
                if name.lower().endswith(("vbaproject.bin", ".bin")) or "activeX" in name:
                    raise refused(_("Word documents with macros or controls are not accepted."))
                content = DOCX_PROPS.get(name)
                if content is None:
                    try:
                        content = archive.read(info)
                    except (zipfile.BadZipFile, ValueError, OSError):
                        raise refused(_("The Word document is damaged.")) from None
                clean.writestr(name, content)
    return out.getvalue()


def clean_image(data: bytes) -> bytes:
    """Decode and re-encode: only pixels survive (no EXIF, GPS, XMP or text chunks)."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.load()
            pixels = image.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise refused(_("The image could not be read.")) from None
    out = io.BytesIO()
    if fmt == "PNG":
        if pixels.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
            pixels = pixels.convert("RGBA")
        pixels.save(out, format="PNG")
    elif fmt == "JPEG":
        if pixels.mode not in {"L", "RGB", "CMYK"}:
            pixels = pixels.convert("RGB")
        pixels.save(out, format="JPEG", quality=90)
    else:
        raise refused(_("The image could not be read."))
    return out.getvalue()


# ---------------------------------------------------------------------------
# Storing and serving
# ---------------------------------------------------------------------------


def store(upload: CleanUpload) -> str:
    """Write the bytes under a random name; returns the name to keep on the model."""
    token = secrets.token_hex(16)
    name = f"{token[:2]}/{token}.{upload.kind.extension}"
    path = upload_root() / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "xb") as handle:
        handle.write(upload.data)
    path.chmod(0o600)
    return name


def stored_path(name: str) -> Path:
    """The file of a stored name; 404 for anything that is not one of ours."""
    if not STORED_NAME.match(name):
        raise Http404
    path = upload_root() / name
    if not path.is_file():
        raise Http404
    return path


def read_stored(name: str) -> bytes:
    return stored_path(name).read_bytes()


def delete_stored(name: str) -> None:
    if STORED_NAME.match(name):
        (upload_root() / name).unlink(missing_ok=True)


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1]
    for kind in KINDS.values():
        if kind.extension == extension:
            return kind.content_type
    return "application/octet-stream"


def safe_filename(filename: str, name: str) -> str:
    """A download name: the person's file name with our extension, no path parts."""
    base = Path(filename.replace("\\", "/")).name.rsplit(".", 1)[0]
    base = re.sub(r"[^\w\- ]+", "_", base).strip(" ._")[:80] or "document"
    return f"{base}.{name.rsplit('.', 1)[-1]}"


def attachment_response(name: str, *, filename: str) -> FileResponse:
    """Serve a stored file as a download. Call only after the caller's access check."""
    path = stored_path(name)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=safe_filename(filename, name),
        content_type=content_type_of(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
