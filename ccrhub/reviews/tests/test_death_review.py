"""Death reviews: decision gate, merged chronology, and the publication scrubber."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ccrhub.audit.models import AuditEvent
from ccrhub.reviews import actions, scrubber

pytestmark = pytest.mark.django_db


def test_decision_is_due_a_month_after_notification(death: Any) -> None:
    assert death.decision_due_on == datetime.date(2026, 2, 4)


def test_us_review_waits_for_criminal_proceedings(personas: Any, death: Any) -> None:
    with pytest.raises(ValidationError):
        actions.record_decision(
            death,
            decision="commissioned",
            decided_on=datetime.date(2026, 2, 1),
            actor=personas.coordinator,
        )
    actions.update_review(
        death,
        version=death.version,
        changes={"proceedings_closed": True},
        actor=personas.coordinator,
    )
    actions.record_decision(
        death,
        decision="commissioned",
        decided_on=datetime.date(2026, 2, 1),
        actor=personas.coordinator,
    )
    assert death.completion_due_on is not None


def test_merged_chronology_is_one_timeline_from_all_agencies(
    personas: Any, death: Any, client_as: Any
) -> None:
    for agency, day in ((personas.police, 3), (personas.hospital, 1), (personas.probation, 2)):
        actions.record_chronology_entry(
            death,
            agency=agency,
            occurred_on=datetime.date(2025, 5, day),
            text="Seen",
            actor=personas.coordinator,
        )
    response = client_as(personas.coordinator).get(
        reverse("reviews:chronology", args=[death.public_id])
    )
    assert [e.agency for e in response.context["entries"]] == [
        personas.hospital,
        personas.probation,
        personas.police,
    ]
    assert response.context["agency_count"] == 3


def test_publication_is_refused_while_a_real_name_or_birth_date_remains(
    personas: Any, death: Any, client_as: Any
) -> None:
    actions.update_review(
        death,
        version=death.version,
        changes={"summary": "marisol was born on 12 April 1987."},
        actor=personas.coordinator,
    )
    actions.record_chronology_entry(
        death,
        agency=personas.police,
        occurred_on=datetime.date(2025, 5, 1),
        text="Ms Quintero (DOB 04/12/1987) called.",
        actor=personas.coordinator,
    )
    with pytest.raises(actions.PublicationRefused) as refused:
        actions.publish_review(death, actor=personas.coordinator)
    places = {(p.where, p.what) for p in refused.value.places}
    assert ("Executive summary", "name") in places
    assert ("Executive summary", "date of birth") in places
    assert any(
        w.startswith("Chronology, 2025-05-01") and what == "date of birth" for w, what in places
    )
    denied = AuditEvent.objects.filter(action="reviews.publication_refused").latest("id")
    assert denied.outcome == "denied" and "Quintero" not in str(denied.details)
    death.refresh_from_db()
    assert death.status != "published"
    # The page lists the places.
    response = client_as(personas.coordinator).post(
        reverse("reviews:publication", args=[death.public_id])
    )
    assert b"Executive summary" in response.content and b"Quintero" not in response.content


def test_pseudonyms_then_editing_dates_allows_publication(personas: Any, death: Any) -> None:
    actions.update_review(
        death,
        version=death.version,
        changes={"summary": "Marisol Quintero was seen by three agencies."},
        actor=personas.coordinator,
    )
    actions.apply_pseudonyms(death, actor=personas.coordinator)
    death.refresh_from_db()
    assert death.summary == "Adult A was seen by three agencies."
    actions.publish_review(death, actor=personas.coordinator)
    assert death.status == "published"


@pytest.mark.parametrize(
    "text",
    [
        "1987-04-12",
        "12/04/1987",
        "04/12/1987",
        "12.4.1987",
        "12th April 1987",
        "April 12, 1987",
        "12 Apr 1987",
        "QUINTERO",
        "marisol quintero",
    ],
)
def test_scrubber_finds_common_forms(text: str) -> None:
    person = scrubber.PersonKey("Adult A", "Marisol Quintero", datetime.date(1987, 4, 12))
    assert scrubber.find_places([scrubber.Part("Summary", f"See {text}.")], [person])


def test_scrubber_leaves_other_dates_and_words() -> None:
    person = scrubber.PersonKey("Adult A", "Marisol Quintero", datetime.date(1987, 4, 12))
    text = "On 13 April 1987 and 2/4/1988 the Quinteros' neighbour called."
    assert scrubber.find_places([scrubber.Part("Summary", text)], [person]) == []
