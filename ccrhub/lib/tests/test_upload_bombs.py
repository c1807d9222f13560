"""Word uploads (S21/S24): a part inflating far beyond its packed size is refused from the
zip directory, even when the document as a whole looks ordinary."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError

from ccrhub.lib import uploads
from ccrhub.lib.tests.zipbombs import write_repeated


def test_a_word_document_hiding_a_bomb_among_ordinary_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/photo.jpg", os.urandom(4 * 1024 * 1024))
        write_repeated(archive, "word/glossary/document.xml", 60)
    data = out.getvalue()
    assert len(data) < 5 * 1024 * 1024  # 64 MiB unpacked: some 13 times the whole

    with pytest.raises(ValidationError) as refusal:
        uploads.clean_bytes(data)
    assert "expands to more than is accepted" in refusal.value.messages[0]
