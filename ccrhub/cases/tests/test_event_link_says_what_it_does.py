"""The link on an event row says it corrects the event, not that the event is correct."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_officer_is_offered_to_correct_the_event_she_recorded(
    personas, ccr_case, client_as
) -> None:
    client = client_as(personas.police_officer)
    client.post(
        f"/cases/{ccr_case.public_id}/events/new/",
        {"stage": "arrest", "occurred_on": "2026-03-02", "outcome": "single", "track": ""},
    )
    html = client.get(f"/cases/{ccr_case.public_id}/").content.decode()
    assert "Correct this event" in html
    assert ">Correct<" not in html
