import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ccrhub.lib.fields


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("kind", models.CharField(choices=[("family", "Family involvement"), ("quality", "Quality-assurance feedback")], max_length=16)),
                ("on", models.DateField(blank=True, null=True)),
                ("text", ccrhub.lib.fields.EncryptedTextField()),
                ("resolved", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("review", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notes", to="reviews.review")),
            ],
            options={
                "ordering": ["on", "created_at", "id"],
                "indexes": [models.Index(fields=["review", "kind"], name="reviews_note_review_kind")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("kind", "family"), _negated=True), ("on__isnull", False), _connector="OR"),
                        name="reviews_family_note_dated",
                    )
                ],
            },
        ),
    ]
