"""Family contacts and quality notes fold into one review note with a kind: the
migration carries every row over, decrypted text and all, and carries it back."""

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reviews", "0001_initial")]
AFTER = [("reviews", "0004_remove_familycontact_qualitynote")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def at_the_old_shape() -> Any:
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_family_contact_and_quality_note_is_carried_over_and_back(
    at_the_old_shape: Any,
) -> None:
    old = at_the_old_shape
    collaborative = old.get_model("partners", "Collaborative").objects.create(
        name="Death review panel", kind="death_review"
    )
    review = old.get_model("reviews", "Review").objects.create(
        collaborative=collaborative, kind="death", title="Review of Adult A"
    )
    family_id, quality_id, resolved_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    old.get_model("reviews", "FamilyContact").objects.create(
        public_id=family_id,
        review=review,
        on=datetime.date(2026, 3, 2),
        note="Her sister described earlier threats.",
    )
    QualityNote = old.get_model("reviews", "QualityNote")
    written = timezone.now() - datetime.timedelta(days=40)
    for public_id, resolved in ((quality_id, False), (resolved_id, True)):
        QualityNote.objects.create(
            public_id=public_id, review=review, text="Name the gap.", resolved=resolved
        )
    QualityNote.objects.update(created_at=written)

    new = _migrate(AFTER)
    notes = {n.public_id: n for n in new.get_model("reviews", "ReviewNote").objects.all()}
    assert set(notes) == {family_id, quality_id, resolved_id}
    family = notes[family_id]
    assert (family.kind, family.on, family.text) == (
        "family",
        datetime.date(2026, 3, 2),
        "Her sister described earlier threats.",
    )
    assert family.review_id == review.pk
    assert (notes[quality_id].kind, notes[quality_id].text) == ("quality", "Name the gap.")
    assert not notes[quality_id].resolved and notes[resolved_id].resolved
    assert notes[quality_id].created_at == written

    back = _migrate(BEFORE)
    contact = back.get_model("reviews", "FamilyContact").objects.get()
    assert (contact.public_id, contact.note) == (family_id, "Her sister described earlier threats.")
    restored = {q.public_id: q for q in back.get_model("reviews", "QualityNote").objects.all()}
    assert set(restored) == {quality_id, resolved_id} and restored[resolved_id].resolved
    assert restored[quality_id].created_at == written
