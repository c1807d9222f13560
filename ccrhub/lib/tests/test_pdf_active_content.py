"""PDF uploads (S24) are parsed, not scanned: active content is refused however its names
are spelt and wherever its objects are stored, and metadata goes from object streams too."""

import io
import zlib

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from ccrhub.lib import uploads

XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator>Jane Author</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def raw_pdf(*objects: bytes) -> bytes:
    """A well-formed PDF written byte by byte (object 1 is the catalog), with its
    cross-reference table, so names can be spelt with `#xx` escapes."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s >>"


def escaped(catalog_extra: bytes = b"", page_extra: bytes = b"") -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra, PAGES, PAGE % page_extra
    )


def compressed(build) -> bytes:
    """A PDF made with pikepdf whose every dictionary lives in a compressed object stream,
    where no byte pattern can see it."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    out = io.BytesIO()
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # compressed streams stay so
        fix_metadata_version=False,
    )
    return out.getvalue()


def action(pdf: pikepdf.Pdf, kind: str, **entries) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name("/" + kind), **entries))


def link_annotation(pdf: pikepdf.Pdf, **entries) -> None:
    annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[0, 0, 10, 10], **entries)
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation)]))


def embedded_file(pdf: pikepdf.Pdf) -> pikepdf.Object:
    # The stream's /Type /EmbeddedFile is optional; without it no name is in sight.
    stream = pdf.make_stream(zlib.compress(b"MZ\x90\x00"), Filter=pikepdf.Name.FlateDecode)
    return pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F="run.exe", EF=pikepdf.Dictionary(F=stream))
    )


def document_script(pdf: pikepdf.Pdf) -> None:
    script = action(pdf, "JavaScript", JS="app.launchURL('https://tracker.example/')")
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=["open", script]))


def annotation_script(pdf: pikepdf.Pdf) -> None:
    link_annotation(pdf, Subtype=pikepdf.Name.Link, A=action(pdf, "JavaScript", JS="app.alert(1)"))


def page_opens_with_script(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=action(pdf, "JavaScript", JS="app.alert(1)"))


def next_step_is_a_script(pdf: pikepdf.Pdf) -> None:
    script = action(pdf, "JavaScript", JS="app.alert(1)")
    pdf.Root.OpenAction = action(pdf, "GoTo", D=[pdf.pages[0].obj, pikepdf.Name.Fit], Next=script)


def attached_file(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Names = pikepdf.Dictionary(
        EmbeddedFiles=pikepdf.Dictionary(Names=["run.exe", embedded_file(pdf)])
    )


def file_attachment_annotation(pdf: pikepdf.Pdf) -> None:
    link_annotation(pdf, Subtype=pikepdf.Name.FileAttachment, FS=embedded_file(pdf))


def xfa_form(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=[], XFA=pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    )


def form_imports_data(pdf: pikepdf.Pdf) -> None:
    link_annotation(pdf, Subtype=pikepdf.Name.Link, A=action(pdf, "ImportData", F="data.fdf"))


def launch_in_a_link(pdf: pikepdf.Pdf) -> None:
    link_annotation(pdf, Subtype=pikepdf.Name.Link, A=action(pdf, "Launch", F="cmd.exe"))


ESCAPED_NAMES = {
    # The action's type and its script key spelt with hex escapes: /JavaScript and /JS.
    "script spelt J#61vaScript": escaped(
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
    ),
    "launch spelt L#61unch": escaped(
        page_extra=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /L#61unch /F (cmd.exe) >> >>]"
    ),
    "web address on opening": escaped(b"/OpenAction << /S /URI /URI (https://tracker.example/) >>"),
    "form submitted on opening": escaped(
        b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://collect.example/) >> >>"
    ),
    "embedded file names spelt Embedded#46iles": escaped(
        b"/Names << /Embedded#46iles << /Names [(a.exe) << /Type /Filespec /F (a.exe) >>] >> >>"
    ),
}

IN_OBJECT_STREAMS = {
    "document-level script": document_script,
    "script in a link annotation": annotation_script,
    "script when a page opens (AA)": page_opens_with_script,
    "script after going to the first page": next_step_is_a_script,
    "embedded file": attached_file,
    "file attachment annotation": file_attachment_annotation,
    "XFA form": xfa_form,
    "form that imports data": form_imports_data,
    "launch in a link annotation": launch_in_a_link,
}


@pytest.mark.parametrize("data", ESCAPED_NAMES.values(), ids=ESCAPED_NAMES.keys())
def test_active_content_spelt_with_name_escapes_is_refused(data: bytes) -> None:
    with pytest.raises(ValidationError) as refusal:
        uploads.clean_bytes(data)
    assert "Print it to a new PDF" in refusal.value.messages[0]


@pytest.mark.parametrize("build", IN_OBJECT_STREAMS.values(), ids=IN_OBJECT_STREAMS.keys())
def test_active_content_inside_compressed_object_streams_is_refused(build) -> None:
    data = compressed(build)
    assert b"/JavaScript" not in data and b"/EmbeddedFile" not in data  # out of sight
    with pytest.raises(ValidationError):
        uploads.clean_bytes(data)


def _with_metadata(pdf: pikepdf.Pdf) -> None:
    pdf.trailer.Info = pdf.make_indirect(
        pikepdf.Dictionary(Author="Jane Author", Producer="Scanner at 12 Elm Street")
    )
    xmp = pdf.make_stream(zlib.compress(XMP), Type=pikepdf.Name.Metadata)
    xmp.Filter = pikepdf.Name.FlateDecode
    pdf.Root.Metadata = xmp
    pdf.pages[0].obj.PieceInfo = pikepdf.Dictionary(Scanner=pikepdf.Dictionary(Owner="Jane"))


def test_metadata_in_object_streams_and_compressed_xmp_is_removed() -> None:
    data = compressed(_with_metadata)
    assert b"Jane Author" not in data  # compressed: out of reach of any byte pattern

    cleaned = uploads.clean_bytes(data)

    with pikepdf.open(io.BytesIO(cleaned.data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root and "/PieceInfo" not in pdf.pages[0].obj
        assert len(pdf.pages) == 1
        everything = b"".join(
            obj.read_bytes() if isinstance(obj, pikepdf.Stream) else repr(obj).encode()
            for obj in pdf.objects
        )
    assert b"Jane" not in everything and b"Elm Street" not in everything


def test_an_encrypted_pdf_is_refused_with_a_plain_reason() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=""))

    with pytest.raises(ValidationError) as refusal:
        uploads.clean_bytes(out.getvalue())
    assert "encrypted or protected by a password" in refusal.value.messages[0]


def test_a_pdf_that_cannot_be_parsed_is_refused() -> None:
    with pytest.raises(ValidationError) as refusal:
        uploads.clean_bytes(b"%PDF-1.7\nnothing a parser can use\n")
    assert "damaged" in refusal.value.messages[0]


def test_links_the_reader_clicks_and_in_document_navigation_stay() -> None:
    def build(pdf: pikepdf.Pdf) -> None:
        link_annotation(
            pdf, Subtype=pikepdf.Name.Link, A=action(pdf, "URI", URI="https://ccr.example/")
        )
        pdf.Root.OpenAction = [pdf.pages[0].obj, pikepdf.Name.Fit]

    cleaned = uploads.clean_bytes(compressed(build))

    with pikepdf.open(io.BytesIO(cleaned.data)) as pdf:
        assert str(pdf.pages[0].obj.Annots[0].A.URI) == "https://ccr.example/"
