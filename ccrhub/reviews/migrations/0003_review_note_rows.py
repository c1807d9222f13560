"""Every family contact and quality note becomes a review note of its kind, keeping its
public id, author and (for quality notes) its time and resolution. Reversible."""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    FamilyContact = apps.get_model("reviews", "FamilyContact")
    QualityNote = apps.get_model("reviews", "QualityNote")
    ReviewNote = apps.get_model("reviews", "ReviewNote")
    for contact in FamilyContact.objects.order_by("id").iterator():
        ReviewNote.objects.create(
            public_id=contact.public_id,
            review_id=contact.review_id,
            kind="family",
            on=contact.on,
            text=contact.note,
            created_by_id=contact.created_by_id,
        )
    for note in QualityNote.objects.order_by("id").iterator():
        copy = ReviewNote.objects.create(
            public_id=note.public_id,
            review_id=note.review_id,
            kind="quality",
            text=note.text,
            resolved=note.resolved,
            created_by_id=note.created_by_id,
        )
        # created_at is auto_now_add: set the original time after the insert.
        ReviewNote.objects.filter(pk=copy.pk).update(created_at=note.created_at)


def backward(apps: Any, schema_editor: Any) -> None:
    FamilyContact = apps.get_model("reviews", "FamilyContact")
    QualityNote = apps.get_model("reviews", "QualityNote")
    ReviewNote = apps.get_model("reviews", "ReviewNote")
    for note in ReviewNote.objects.order_by("id").iterator():
        if note.kind == "family":
            FamilyContact.objects.create(
                public_id=note.public_id,
                review_id=note.review_id,
                on=note.on,
                note=note.text,
                created_by_id=note.created_by_id,
            )
        else:
            copy = QualityNote.objects.create(
                public_id=note.public_id,
                review_id=note.review_id,
                text=note.text,
                resolved=note.resolved,
                created_by_id=note.created_by_id,
            )
            QualityNote.objects.filter(pk=copy.pk).update(created_at=note.created_at)
    ReviewNote.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_review_note")]

    operations = [migrations.RunPython(forward, backward)]
