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
