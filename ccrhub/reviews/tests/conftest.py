from typing import Any

import pytest


@pytest.fixture(autouse=True)
def upload_root(settings: Any, tmp_path: Any) -> Any:
    """Uploads of a test go to its own directory."""
    settings.CCRHUB_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.CCRHUB_UPLOAD_ROOT


@pytest.fixture
def audit(personas: Any) -> Any:
    """The CCR audit: the coordinator runs it with the police officer and the advocate."""
    from ccrhub.reviews import actions

    review = actions.create_review(
        personas.ccr, kind="audit", title="Audit of arrests", actor=personas.coordinator
    )
    actions.add_member(
        review, user=personas.police_officer, role="agency_member", actor=personas.coordinator
    )
    actions.add_member(review, user=personas.advocate, role="advocate", actor=personas.coordinator)
    return review


@pytest.fixture
def audit_row() -> Any:
    """The newest audit event of an action, checked to name its actor, its target and the
    target's collaborative: `audit_row("reviews.created", actor=..., target=review)`."""
    from ccrhub.audit.models import AuditEvent

    def row(action: str, *, actor: Any, target: Any, collaborative: Any = None) -> Any:
        event = AuditEvent.objects.filter(action=action).latest("id")
        assert event.actor_id == actor.pk
        assert event.object_id == str(target.public_id)
        expected = collaborative or target.collaborative
        assert event.collaborative_id == expected.pk
        return event

    return row


@pytest.fixture
def death(personas: Any) -> Any:
    """A US fatality review of Adult A, on the death review panel, notified 5 January."""
    import datetime

    from ccrhub.reviews import actions

    review = actions.create_review(
        personas.death_review,
        kind="death",
        title="Review of Adult A",
        jurisdiction="us",
        notified_on=datetime.date(2026, 1, 5),
        actor=personas.coordinator,
    )
    actions.add_person(
        review,
        role="victim",
        real_name="Marisol Quintero",
        date_of_birth=datetime.date(1987, 4, 12),
        pseudonym="Adult A",
        actor=personas.coordinator,
    )
    return review
