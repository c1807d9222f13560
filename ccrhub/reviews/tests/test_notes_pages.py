"""The family involvement log and quality feedback are one kind of note, added through
one page per kind: the chair logs the family's contact on the death review, any member
gives feedback on the draft, and both show in the workspace."""

from typing import Any

import pytest
from django.urls import reverse

from ccrhub.reviews.models import NoteKind, ReviewNote

pytestmark = pytest.mark.django_db


def test_the_chair_logs_the_familys_contact_and_sees_it_in_the_workspace(
    personas: Any, death: Any, client_as: Any
) -> None:
    client = client_as(personas.coordinator)
    url = reverse("reviews:family-log", args=[death.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": "2026-03-02", "text": "Her sister met the chair."})
    assert response.status_code == 302
    note = ReviewNote.objects.get(review=death)
    assert (note.kind, str(note.on)) == (NoteKind.FAMILY, "2026-03-02")
    page = client.get(reverse("reviews:review-detail", args=[death.public_id]))
    assert b"Her sister met the chair." in page.content


def test_a_family_contact_needs_its_date(personas: Any, death: Any, client_as: Any) -> None:
    url = reverse("reviews:family-log", args=[death.public_id])
    response = client_as(personas.coordinator).post(url, {"text": "No date"})
    assert response.status_code == 200
    assert not ReviewNote.objects.exists()


def test_an_audit_has_no_family_log(personas: Any, audit: Any, client_as: Any) -> None:
    url = reverse("reviews:family-log", args=[audit.public_id])
    assert client_as(personas.coordinator).get(url).status_code == 404


def test_a_panel_member_may_not_log_the_familys_contact(
    personas: Any, death: Any, client_as: Any
) -> None:
    from ccrhub.reviews import actions

    actions.add_member(
        death, user=personas.agency_admin, role="panel_member", actor=personas.coordinator
    )
    url = reverse("reviews:family-log", args=[death.public_id])
    assert client_as(personas.agency_admin).get(url).status_code == 403


def test_a_team_member_gives_feedback_on_the_draft(
    personas: Any, audit: Any, client_as: Any
) -> None:
    client = client_as(personas.advocate)
    url = reverse("reviews:quality-add", args=[audit.public_id])
    response = client.post(url, {"text": "The summary should name the gap."})
    assert response.status_code == 302
    note = ReviewNote.objects.get(review=audit)
    assert (note.kind, note.on, note.created_by) == (NoteKind.QUALITY, None, personas.advocate)
    page = client.get(reverse("reviews:review-detail", args=[audit.public_id]))
    assert b"The summary should name the gap." in page.content
