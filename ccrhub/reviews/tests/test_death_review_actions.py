"""The panel's chair (the coordinator) runs a death review: decides to review, asks the
agencies for chronologies, chases them, logs the family's involvement, takes quality
feedback, replaces real names by pseudonyms and publishes. Every step is audited, and no
name, date of birth or chronology text enters the trail."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ccrhub.reviews import actions
from ccrhub.reviews.models import NoteKind, ReviewNote

pytestmark = pytest.mark.django_db

NOTICE = datetime.date(2026, 1, 5)


def _close_proceedings(review: Any, actor: Any) -> None:
    actions.update_review(
        review, version=review.version, changes={"proceedings_closed": True}, actor=actor
    )


def test_the_chair_commissions_the_review_and_it_is_due_in_six_months(
    personas: Any, death: Any, audit_row: Any
) -> None:
    _close_proceedings(death, personas.coordinator)
    actions.record_decision(
        death, decision="commissioned", decided_on=NOTICE, actor=personas.coordinator
    )
    assert death.completion_due_on == NOTICE + datetime.timedelta(days=183)
    event = audit_row("reviews.decided", actor=personas.coordinator, target=death)
    assert event.details == {"decision": "commissioned"}


def test_declining_to_review_closes_it(personas: Any, death: Any) -> None:
    actions.record_decision(
        death, decision="declined", decided_on=NOTICE, actor=personas.coordinator
    )
    death.refresh_from_db()
    assert death.status == "closed"


def test_where_proceedings_need_not_close_first_the_review_is_commissioned_at_once(
    personas: Any, death: Any, settings: Any
) -> None:
    settings.CCRHUB_FATALITY_REVIEW_REQUIRES_CLOSED_CASE = False
    actions.record_decision(
        death, decision="commissioned", decided_on=NOTICE, actor=personas.coordinator
    )
    assert death.decision == "commissioned"


def test_a_panel_member_does_not_decide(personas: Any, death: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_decision(
            death, decision="declined", decided_on=NOTICE, actor=personas.agency_admin
        )


def test_the_chair_adds_the_perpetrator_and_the_trail_holds_only_the_role(
    personas: Any, death: Any, audit_row: Any
) -> None:
    actions.add_person(
        death,
        role="perpetrator",
        real_name="Tomas Reyes",
        pseudonym="Adult B",
        actor=personas.coordinator,
    )
    event = audit_row("reviews.person_added", actor=personas.coordinator, target=death)
    assert event.details == {"role": "perpetrator"}
    with pytest.raises(ValidationError):
        actions.add_person(
            death,
            role="other",
            real_name="Someone",
            pseudonym="Adult B",
            actor=personas.coordinator,
        )


def test_the_chair_asks_the_police_for_a_chronology_once_and_marks_it_returned(
    personas: Any, death: Any, audit_row: Any
) -> None:
    request = actions.request_chronology(
        death,
        agency=personas.police,
        due_on=NOTICE + datetime.timedelta(days=30),
        actor=personas.coordinator,
    )
    event = audit_row("reviews.chronology_requested", actor=personas.coordinator, target=death)
    assert event.details == {"agency": str(personas.police.public_id)}
    with pytest.raises(ValidationError):
        actions.request_chronology(
            death, agency=personas.police, due_on=NOTICE, actor=personas.coordinator
        )
    actions.mark_chronology_returned(request, actor=personas.coordinator)
    request.refresh_from_db()
    assert request.returned_on is not None
    audit_row("reviews.chronology_returned", actor=personas.coordinator, target=death)


def test_an_agency_outside_the_panel_is_not_asked(personas: Any, death: Any) -> None:
    with pytest.raises(ValidationError):
        actions.request_chronology(
            death, agency=personas.neighbour_police, due_on=NOTICE, actor=personas.coordinator
        )


def test_chasing_counts_the_overdue_returns_and_mails_that_agencys_panel_members(
    personas: Any,
    death: Any,
    audit_row: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    agency = personas.agency_admin.agency
    actions.add_member(
        death, user=personas.agency_admin, role="panel_member", actor=personas.coordinator
    )
    late = actions.request_chronology(
        death, agency=agency, due_on=NOTICE, actor=personas.coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        chased = actions.chase_overdue_chronologies(
            death, today=NOTICE + datetime.timedelta(days=1), actor=personas.coordinator
        )
    assert chased == 1
    late.refresh_from_db()
    assert late.chase_count == 1
    event = audit_row("reviews.chronologies_chased", actor=personas.coordinator, target=death)
    assert event.details == {"count": 1}
    assert [m.to for m in mailoutbox] == [[personas.agency_admin.email]]
    assert "Quintero" not in mailoutbox[0].body


def test_a_member_records_her_own_agencys_chronology_entry_only(
    personas: Any, death: Any, audit_row: Any
) -> None:
    own = personas.agency_admin.agency
    other = personas.hospital if own != personas.hospital else personas.probation
    entry = actions.record_chronology_entry(
        death,
        agency=own,
        occurred_on=NOTICE,
        text="Seen at the clinic.",
        actor=personas.agency_admin,
    )
    assert entry.text == "Seen at the clinic."
    event = audit_row("reviews.chronology_entry", actor=personas.agency_admin, target=death)
    assert event.details == {"agency": str(own.public_id)}
    with pytest.raises(ValidationError):
        actions.record_chronology_entry(
            death, agency=other, occurred_on=NOTICE, text="x", actor=personas.agency_admin
        )


def test_the_chair_logs_the_familys_involvement(personas: Any, death: Any, audit_row: Any) -> None:
    note = actions.add_note(
        death,
        kind=NoteKind.FAMILY,
        on=NOTICE,
        text="Her sister described earlier threats.",
        actor=personas.coordinator,
    )
    assert ReviewNote.objects.get(pk=note.pk).text == "Her sister described earlier threats."
    event = audit_row("reviews.family_contact", actor=personas.coordinator, target=death)
    assert event.details == {}


def test_family_involvement_is_logged_by_the_chair_on_a_death_review_with_its_date(
    personas: Any, death: Any, audit: Any
) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_note(
            death, kind=NoteKind.FAMILY, on=NOTICE, text="x", actor=personas.agency_admin
        )
    with pytest.raises(ValidationError):
        actions.add_note(
            audit, kind=NoteKind.FAMILY, on=NOTICE, text="x", actor=personas.coordinator
        )
    with pytest.raises(ValidationError):
        actions.add_note(death, kind=NoteKind.FAMILY, text="x", actor=personas.coordinator)


def test_any_member_gives_quality_feedback_and_the_chair_resolves_it(
    personas: Any, death: Any, audit_row: Any
) -> None:
    note = actions.add_note(
        death,
        kind=NoteKind.QUALITY,
        on=NOTICE,
        text="Name the screening gap.",
        actor=personas.agency_admin,
    )
    assert note.on is None  # feedback is not about a day
    audit_row("reviews.quality_note", actor=personas.agency_admin, target=death)
    with pytest.raises(PermissionDenied):
        actions.resolve_quality_note(note, actor=personas.agency_admin)
    actions.resolve_quality_note(note, actor=personas.coordinator)
    assert ReviewNote.objects.get(pk=note.pk).resolved
    audit_row("reviews.quality_note_resolved", actor=personas.coordinator, target=death)


def test_a_family_note_is_not_resolved(personas: Any, death: Any) -> None:
    note = actions.add_note(
        death, kind=NoteKind.FAMILY, on=NOTICE, text="x", actor=personas.coordinator
    )
    with pytest.raises(ValidationError):
        actions.resolve_quality_note(note, actor=personas.coordinator)


def test_pseudonyms_replace_the_name_everywhere_in_the_draft(
    personas: Any, death: Any, audit_row: Any
) -> None:
    actions.update_review(
        death,
        version=death.version,
        changes={"summary": "Marisol Quintero was seen by three agencies."},
        actor=personas.coordinator,
    )
    entry = actions.record_chronology_entry(
        death,
        agency=personas.police,
        occurred_on=NOTICE,
        text="Marisol Quintero called.",
        actor=personas.coordinator,
    )
    assert {p.where for p in actions.remaining_places(death)} >= {"Executive summary"}
    changed = actions.apply_pseudonyms(death, actor=personas.coordinator)
    assert changed == 2
    entry.refresh_from_db()
    assert entry.text == "Adult A called."
    assert actions.remaining_places(death) == []
    event = audit_row("reviews.pseudonyms_applied", actor=personas.coordinator, target=death)
    assert event.details == {"parts": 2}


def test_the_chair_publishes_a_clean_report(personas: Any, death: Any, audit_row: Any) -> None:
    actions.publish_review(death, actor=personas.coordinator)
    death.refresh_from_db()
    assert death.status == "published" and death.published_at is not None
    audit_row("reviews.published", actor=personas.coordinator, target=death)


def test_a_panel_member_does_not_publish(personas: Any, death: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.publish_review(death, actor=personas.agency_admin)
