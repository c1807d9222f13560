"""Uploaded documents (S24): allow-listed by content, size-limited, metadata stripped,
stored under random names outside the web root, served only as attachments.

Any app may use it:

    cleaned = clean_upload(request.FILES["file"])      # ValidationError if refused
    stored_name = store(cleaned)                        # keep this on your model
    ...
    return attachment_response(stored_name, filename=..., content_type=...)  # after access_*

What is accepted is decided by the bytes, never by the name or the browser's type:

- PDF: `%PDF-` header, then parsed by qpdf (through pikepdf), so names are read as a
  viewer reads them (`/J#61vaScript` is `/JavaScript`) and objects inside compressed
  object streams are checked like any other. Refused when it carries JavaScript, launch
  or remote go-to actions, embedded files or file attachments, forms that submit or
  import data, XFA, rich media, or an action that starts by itself (`/OpenAction`,
  `/AA`) other than going to a page of the document; refused when it is encrypted or
  cannot be parsed. What is stored is the file qpdf writes, without the document
  information dictionary, any XMP metadata stream or private application data.
- DOCX: a zip with `[Content_Types].xml` and `word/document.xml`, no macros, no path
  tricks, bounded expansion, no relationship to anything outside the document except
  web and mail hyperlinks; `docProps/core.xml`, `app.xml` and `custom.xml` are
  replaced by empty property sets (author, company, dates, revision go).
- PNG and JPEG: decoded and re-encoded by Pillow, which drops EXIF (GPS), XMP, ICC
  and text chunks.
- Plain text: strict UTF-8 without NUL bytes.
"""

import io
import re
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from ccrhub.lib import archives


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

# A DOCX may not unpack beyond this (nor beyond the archive limits of `lib.archives`).
DOCX_MAX_EXPANDED = 100 * 1024 * 1024
# Largest image, in pixels, Pillow is asked to decode.
MAX_PIXELS = 40_000_000

# PDF: what each refused thing is, by the reason given to the person.
# Action types refused wherever they appear: each runs code, starts a program, opens or
# sends to another file or address, or plays content through a plug-in.
PDF_REFUSED_ACTIONS = {
    "/JavaScript": "script",
    "/Launch": "launch",
    "/GoToR": "launch",
    "/GoToE": "file",
    "/SubmitForm": "form",
    "/ImportData": "form",
    "/RichMediaExecute": "media",
    "/Rendition": "media",
    "/Movie": "media",
    "/Sound": "media",
}
# Keys that carry scripts, files or XFA forms, in whatever dictionary they appear.
PDF_REFUSED_KEYS = {
    "/JS": "script",
    "/JavaScript": "script",
    "/EmbeddedFiles": "file",
    "/EF": "file",
    "/XFA": "form",
    "/RichMediaContent": "media",
}
PDF_REFUSED_TYPES = {"/EmbeddedFile": "file"}
PDF_REFUSED_SUBTYPES = {
    "/FileAttachment": "file",
    "/RichMedia": "media",
    "/Movie": "media",
    "/Sound": "media",
    "/Screen": "media",
}
# Metadata that goes from every dictionary and stream: XMP packets and the private data
# of the application that wrote the file.
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")
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
# The one kind of relationship that may point outside a Word document, and where to.
DOCX_HYPERLINK_TYPE = "/hyperlink"
DOCX_LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class CleanUpload:
    """Bytes that passed the checks, with metadata stripped."""

    data: bytes
    kind: Kind

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return settings.CCRHUB_UPLOAD_MAX_BYTES


def upload_root() -> Path:
    root = settings.CCRHUB_UPLOAD_ROOT
    return Path(root)


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
    """Parse the PDF, refuse active content, drop its metadata and write a new file.

    What is stored is the file qpdf writes from what it parsed, not the upload: a viewer
    then reads exactly the objects that were checked (no unreachable object, no second
    cross-reference section, no trailing bytes the check did not see).
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise refused(_pdf_refusal("encrypted")) from None
    except pikepdf.PikepdfError:
        raise refused(_pdf_refusal("unreadable")) from None
    with pdf:
        if pdf.is_encrypted:
            raise refused(_pdf_refusal("encrypted"))
        try:
            reason = _pdf_active_content(pdf)
            if reason is not None:
                raise refused(_pdf_refusal(reason))
            _strip_pdf_metadata(pdf)
            out = io.BytesIO()
            pdf.save(
                out,
                preserve_pdfa=False,
                fix_metadata_version=False,
                # Streams are copied as they are: decoding them could inflate a bomb.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        except pikepdf.PikepdfError:
            raise refused(_pdf_refusal("unreadable")) from None
    return out.getvalue()


def _pdf_refusal(reason: str) -> str:
    again = _("Print it to a new PDF and upload that.")
    messages = {
        "script": _("This PDF carries scripts (JavaScript), which are not accepted."),
        "launch": _("This PDF can open programs or other files, which is not accepted."),
        "automatic": _(
            "This PDF starts an action by itself when it is opened (such as visiting a web "
            "address), which is not accepted."
        ),
        "file": _("This PDF carries embedded files or attachments, which are not accepted."),
        "form": _("This PDF has a form that sends or loads data, which is not accepted."),
        "media": _("This PDF carries multimedia content, which is not accepted."),
        "encrypted": _("This PDF is encrypted or protected by a password, which is not accepted."),
        "unreadable": _("This PDF is damaged and cannot be read."),
    }
    return f"{messages[reason]} {again}"


def _pdf_objects(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every dictionary and stream of the file, nested ones included, each once.

    Starts from every object qpdf found (those inside object streams too, and those
    nothing refers to) and from the trailer.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        # Numbers and booleans come back as Python values; only containers matter.
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(obj)
        else:
            yield obj
            stack.extend(obj[key] for key in obj.keys())  # noqa: SIM118 (not a dict)


def _pdf_active_content(pdf: pikepdf.Pdf) -> str | None:
    """The reason to refuse the PDF, or None. Names are compared as parsed (decoded)."""
    for obj in _pdf_objects(pdf):
        for key in obj.keys():  # noqa: SIM118 (not a dict)
            if key in PDF_REFUSED_KEYS:
                return PDF_REFUSED_KEYS[key]
        for key, table in (
            ("/S", PDF_REFUSED_ACTIONS),
            ("/Type", PDF_REFUSED_TYPES),
            ("/Subtype", PDF_REFUSED_SUBTYPES),
        ):
            value = obj.get(key)
            if isinstance(value, pikepdf.Name) and str(value) in table:
                return table[str(value)]
        triggers = [obj.get("/OpenAction")]
        additional = obj.get("/AA")
        if isinstance(additional, pikepdf.Dictionary):
            triggers += [additional[event] for event in additional.keys()]  # noqa: SIM118
        if not all(_goes_to_a_page(trigger) for trigger in triggers):
            return "automatic"
    return None


def _goes_to_a_page(action: pikepdf.Object | None) -> bool:
    """An automatic action (opening the file, a page, a field) may only go to a page of
    the document. A web address opened by itself tells its owner who read the file, when
    and from where; links the reader clicks (`/A` of a link annotation) may stay."""
    seen: set[tuple[int, int]] = set()
    while action is not None:
        if isinstance(action, pikepdf.Array):  # a destination
            return True
        if not isinstance(action, pikepdf.Dictionary) or action.get("/S") != pikepdf.Name.GoTo:
            return False
        if action.is_indirect:
            if action.objgen in seen:
                return True
            seen.add(action.objgen)
        following = action.get("/Next")
        if isinstance(following, pikepdf.Array):
            return all(_goes_to_a_page(step) for step in following)
        action = following
    return True


def _strip_pdf_metadata(pdf: pikepdf.Pdf) -> None:
    """Drop the document information dictionary and every XMP or private-data entry;
    the objects they pointed to are not written (qpdf writes only what is referred to)."""
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for obj in list(_pdf_objects(pdf)):
        for key in PDF_METADATA_KEYS:
            if key in obj:
                del obj[key]


def clean_docx(data: bytes) -> bytes:
    within = archives.limits(max_bytes=DOCX_MAX_EXPANDED)
    try:
        archive = archives.open_checked(data, within)
    except (zipfile.BadZipFile, ValueError):
        raise refused(_("The Word document is damaged.")) from None
    except archives.ArchiveRefused:
        raise refused(_("The Word document expands to more than is accepted.")) from None
    with archive:
        infos = archive.infolist()
        unpacker = archives.Unpacker(archive, within)
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
                        content = unpacker.read(info)
                    except (zipfile.BadZipFile, ValueError, OSError):
                        raise refused(_("The Word document is damaged.")) from None
                    except archives.ArchiveRefused:
                        raise refused(
                            _("The Word document expands to more than is accepted.")
                        ) from None
                if name.lower().endswith(".rels") and _points_outside(content):
                    raise refused(
                        _(
                            "Word documents that load content from outside themselves (a "
                            "remote template, linked objects, frames or pictures) are not "
                            "accepted."
                        )
                    )
                clean.writestr(name, content)
    return out.getvalue()


def _points_outside(relationships_part: bytes) -> bool:
    """Whether a relationships part (`*.rels`) has a target outside the document that
    Word would fetch by itself.

    Word fetches an external attached template, OLE object, frame, subdocument or picture
    when the document is opened: that is how remote templates bring in macros, and how a
    picture or UNC path tells its owner who opened the file (and can hand over Windows
    credentials). A hyperlink is fetched only when the reader clicks it, like a link in
    any letter, so web and mail hyperlinks stay; any other external target is refused.
    """
    for relationship in _relationships(relationships_part):
        target = relationship.get("Target", "").strip()
        external = relationship.get("TargetMode", "").strip().lower() == "external"
        # A target naming a scheme or a network path leaves the package even when the
        # relationship does not say it is external.
        if not (external or ":" in target or target.startswith(("//", "\\\\"))):
            continue
        is_link = relationship.get("Type", "").endswith(DOCX_HYPERLINK_TYPE)
        if not (is_link and target.lower().startswith(DOCX_LINK_SCHEMES)):
            return True
    return False


class _NotPlainXml(Exception):
    """A document type declaration: relationship parts have none, and entities could
    hide or multiply what the part says."""


def _relationships(part: bytes) -> list[dict[str, str]]:
    """The attributes of each `Relationship` element, read by an XML parser (so entity
    and character references are decoded as Word decodes them); damaged parts refuse."""
    found: list[dict[str, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rsplit("}", 1)[-1] == "Relationship":
            found.append(attributes)

    def refuse_declarations(*_args: object) -> None:
        raise _NotPlainXml

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.EntityDeclHandler = refuse_declarations
    try:
        parser.Parse(part, True)
    except (expat.ExpatError, _NotPlainXml, ValueError):
        raise refused(_("The Word document is damaged.")) from None
    return found


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
