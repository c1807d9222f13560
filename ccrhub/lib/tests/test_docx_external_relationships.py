"""Word uploads (S24) may not load anything from outside themselves when opened: remote
templates, linked objects, frames, subdocuments and pictures are refused; hyperlinks the
reader clicks stay."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from ccrhub.lib import uploads

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def rels(*relationships: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relationships)
        + "</Relationships>"
    )


def relationship(kind: str, target: str, mode: str = 'TargetMode="External"') -> str:
    return f'<Relationship Id="rId9" Type="{REL}{kind}" Target="{target}" {mode}/>'


def docx(part: str, content: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(part, content)
    return out.getvalue()


OUTSIDE = {
    "remote template": (
        "word/_rels/settings.xml.rels",
        rels(relationship("attachedTemplate", "https://evil.example/t.dotm")),
    ),
    "linked OLE object": (
        "word/_rels/document.xml.rels",
        rels(relationship("oleObject", "https://evil.example/o.xlsx")),
    ),
    "frame": (
        "word/_rels/webSettings.xml.rels",
        rels(relationship("frame", "https://evil.example/frame.html")),
    ),
    "subdocument": (
        "word/_rels/document.xml.rels",
        rels(relationship("subDocument", "file:///C:/shares/other.docx")),
    ),
    "tracking picture": (
        "word/_rels/header1.xml.rels",
        rels(relationship("image", "https://tracker.example/pixel.png")),
    ),
    "template on a network share, not marked external": (
        "word/_rels/settings.xml.rels",
        rels(relationship("attachedTemplate", "\\\\attacker\\share\\t.dotm", mode="")),
    ),
    "external spelt with a character reference": (
        "word/_rels/settings.xml.rels",
        rels(
            relationship(
                "attachedTemplate", "https://evil.example/t.dotm", 'TargetMode="&#69;xternal"'
            )
        ),
    ),
    "hyperlink to a file on a network share": (
        "word/_rels/document.xml.rels",
        rels(relationship("hyperlink", "file://attacker/share/x.exe")),
    ),
}


@pytest.mark.parametrize("part, content", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_documents_that_load_content_from_outside_are_refused(part: str, content: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        uploads.clean_bytes(docx(part, content))
    assert "from outside themselves" in refusal.value.messages[0]


def test_a_relationships_part_with_entity_declarations_is_refused() -> None:
    content = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "External">]>' + rels(
        relationship("attachedTemplate", "https://evil.example/t.dotm", 'TargetMode="&e;"')
    )
    with pytest.raises(ValidationError):
        uploads.clean_bytes(docx("word/_rels/settings.xml.rels", content))


def test_web_and_mail_hyperlinks_and_internal_pictures_stay() -> None:
    content = rels(
        relationship("hyperlink", "https://ccr.example/protocol"),
        relationship("hyperlink", "mailto:coordinator@ccr.example"),
        relationship("image", "media/image1.png", mode=""),
    )
    cleaned = uploads.clean_bytes(docx("word/_rels/document.xml.rels", content))
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        assert b"https://ccr.example/protocol" in archive.read("word/_rels/document.xml.rels")
