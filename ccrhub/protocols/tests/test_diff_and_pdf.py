"""Comparing two versions shows what changed, marked in words as well as colour; the PDF
of an adopted version carries its text and its signers, and fetches nothing."""

import io

import pypdfium2
import pytest
from django.urls import reverse

from ccrhub.protocols.queries import diff_versions

pytestmark = pytest.mark.django_db


def test_the_diff_marks_added_and_removed_lines(arrest_protocol) -> None:
    v1, v2 = arrest_protocol.versions.order_by("number")
    diff = diff_versions(v1, v2)
    added = [line.text for line in diff.lines if line.kind == "added"]
    removed = [line.text for line in diff.lines if line.kind == "removed"]
    assert "2. Officers determine the predominant aggressor before any arrest." in added
    assert "4. Reports go to the prosecutor within two days." in added
    assert removed == [
        "2. Officers arrest on probable cause.",
        "3. Reports go to the prosecutor within five days.",
    ]
    assert (diff.added, diff.removed) == (3, 2)


def test_the_diff_page_shows_the_change_to_a_member(personas, client_as, arrest_protocol) -> None:
    url = reverse("protocols:protocol-diff", args=[arrest_protocol.public_id])
    response = client_as(personas.community_member).get(url, {"from": 1, "to": 2})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<ins>2. Officers determine the predominant aggressor before any arrest.</ins>" in body
    assert "<del>3. Reports go to the prosecutor within five days.</del>" in body
    assert "Added" in body and "Removed" in body  # not colour alone
    assert "3 line(s) added, 2 line(s) removed" in body


def test_the_diff_of_an_unknown_version_is_not_found(personas, client_as, arrest_protocol) -> None:
    url = reverse("protocols:protocol-diff", args=[arrest_protocol.public_id])
    client = client_as(personas.prosecutor)
    assert client.get(url, {"from": 1, "to": 9}).status_code == 404
    assert client.get(url, {"from": "x"}).status_code == 404
    assert client_as(personas.outsider).get(url).status_code == 404


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_pdf_of_the_version_in_force_names_its_signers(
    personas, client_as, arrest_protocol
) -> None:
    url = reverse("protocols:version-pdf", args=[arrest_protocol.public_id, 2])
    response = client_as(personas.probation_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Arrest and response protocol" in text
    assert "Marcus Bell" in text and "Hannah Brooks" in text
    assert "Riverbend City Police Department" in text
    assert "predominant aggressor" in text


def test_a_draft_has_no_pdf_and_an_outsider_gets_none(personas, client_as, arrest_protocol) -> None:
    from ccrhub.protocols.tests.conftest import new_version

    new_version(arrest_protocol, personas.coordinator, "A third text")
    draft_pdf = reverse("protocols:version-pdf", args=[arrest_protocol.public_id, 3])
    assert client_as(personas.coordinator).get(draft_pdf).status_code == 404
    adopted = reverse("protocols:version-pdf", args=[arrest_protocol.public_id, 2])
    assert client_as(personas.outsider).get(adopted).status_code == 404
