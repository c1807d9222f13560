"""Permission-matrix rows and targets of team foundations, one-to-ones, cross-training
and participation.

Everyone with a role in a collaborative reads its foundations page; only the
coordinator drafts and proposes mission statements and records leadership terms
(others in the CCR get 403). One-to-ones are private to the coordinator who wrote
them: the list and the form are the coordinator's (403 for other roles), and an entry
does not exist for anyone but its author — the outsider coordinates elsewhere and
gets 404 like everyone else.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import CCR_ALL, OK, SIGNED_IN, Row, each


def _coordinator(answer: int | str) -> dict[str, int | str]:
    return {**each(CCR_ALL, 403), "coordinator": answer}


ROWS: list[Row] = [
    Row("foundations:foundations-home", "-", "GET", each(SIGNED_IN, 200)),
    Row("foundations:foundations-detail", "ccr", "GET", each(CCR_ALL, 200)),
    Row("foundations:mission-create", "ccr", "GET", _coordinator(200)),
    Row("foundations:mission-create", "ccr", "POST", _coordinator(OK)),
    Row("foundations:mission-edit", "mission_draft", "GET", _coordinator(200)),
    Row("foundations:mission-edit", "mission_draft", "POST", _coordinator(OK)),
    Row("foundations:mission-propose", "mission_draft", "POST", _coordinator(OK)),
    Row("foundations:leadership-create", "ccr", "GET", _coordinator(200)),
    Row("foundations:leadership-create", "ccr", "POST", _coordinator(OK)),
    Row("foundations:leadership-end", "leadership_term", "GET", _coordinator(200)),
    Row("foundations:leadership-end", "leadership_term", "POST", _coordinator(OK)),
    Row("foundations:one-to-one-list", "ccr", "GET", _coordinator(200)),
    Row("foundations:one-to-one-create", "ccr", "GET", _coordinator(200)),
    Row("foundations:one-to-one-create", "ccr", "POST", _coordinator(OK)),
    Row("foundations:one-to-one-edit", "one_to_one", "GET", {"coordinator": 200}),
    Row("foundations:one-to-one-edit", "one_to_one", "POST", {"coordinator": OK}),
    # Cross-training: read by those who see meetings (not the analyst); run by the coordinator.
    Row("meetings:training-list", "ccr", "GET", {**each(CCR_ALL, 200), "analyst": 403}),
    Row("meetings:training-create", "ccr", "GET", _coordinator(200)),
    Row("meetings:training-create", "ccr", "POST", _coordinator(OK)),
    Row("meetings:training-attendance", "training", "GET", {**_coordinator(200), "analyst": 404}),
    Row("meetings:training-attendance", "training", "POST", {**_coordinator(OK), "analyst": 404}),
    # Stipends are the coordinator's alone.
    Row("meetings:participation-list", "ccr", "GET", _coordinator(200)),
    Row("meetings:participant-create", "ccr", "GET", _coordinator(200)),
    Row("meetings:participant-create", "ccr", "POST", _coordinator(OK)),
    Row("meetings:participation-create", "ccr", "GET", _coordinator(200)),
    Row("meetings:participation-create", "ccr", "POST", _coordinator(OK)),
    Row("meetings:participation-pay", "participation", "POST", {"coordinator": OK}),
]
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.partners import foundations_actions as actions

    coordinator = personas.coordinator
    draft = actions.draft_mission_version(
        personas.ccr, text="Every agency responds so survivors are safer.", actor=coordinator
    )
    term = actions.appoint_leader(
        personas.ccr,
        position="chair",
        user=personas.prosecutor,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        actor=coordinator,
    )
    entry = actions.log_one_to_one(
        personas.ccr,
        met_on=datetime.date(2026, 3, 2),
        agency=personas.police,
        person="Lieutenant on the DV unit",
        notes="Talked about the arrest figures.",
        follow_up="",
        follow_up_on=None,
        actor=coordinator,
    )
    from decimal import Decimal

    from django.utils import timezone

    from ccrhub.meetings import crosstraining, participation

    training = crosstraining.schedule_training_session(
        personas.ccr,
        agency=personas.police,
        title="What the DV unit does",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        actor=coordinator,
    )
    advisor = participation.add_participant(
        personas.ccr,
        kind="survivor_advisor",
        name="A survivor advisor",
        hourly_rate=Decimal("25.00"),
        actor=coordinator,
    )
    hours = participation.record_participation(
        advisor,
        on=datetime.date(2026, 3, 2),
        hours=Decimal("2"),
        activity="Protocol review",
        actor=coordinator,
    )
    return {
        "training": ({"public_id": training.public_id}, {}),
        "participation": ({"public_id": hours.public_id}, {}),
        "mission_draft": ({"public_id": draft.public_id}, {}),
        "leadership_term": ({"public_id": term.public_id}, {}),
        "one_to_one": ({"public_id": entry.public_id}, {}),
    }
