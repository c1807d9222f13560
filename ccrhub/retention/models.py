"""The purge ledger: one tombstone per purged record, kept so a restore can replay it.

A tombstone names the category, the kind of record and its id — never its contents —
so the ledger itself holds no personal data.
"""

from django.db import models
from django.utils import timezone


class Tombstone(models.Model):
    category = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    # What was purged when the record itself stays (e.g. contact fields blanked).
    fields = models.JSONField(default=list, blank=True)
    purged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.category}: {self.object_type} {self.object_id}"
