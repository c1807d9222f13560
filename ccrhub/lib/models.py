"""Fields most rows share, declared once.

- `PublicIdModel`: the random UUID a row is known by outside (URLs, the API, audit
  targets); the integer key stays internal.
- `AuthoredModel`: who created the row and when (kept when the person leaves).
- `VersionedModel`: the version an editor read, moved on by every write
  (`save_if_current`, S29).
"""

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

from ccrhub.lib.concurrency import save_if_current


class PublicIdModel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AuthoredModel(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save_if_current(
        self, version: int, changes: Mapping[str, Any], *, where: Mapping[str, Any] | None = None
    ) -> None:
        """See `ccrhub.lib.concurrency.save_if_current`."""
        save_if_current(self, version, changes, where=where)
