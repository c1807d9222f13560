"""Optimistic concurrency: a write names the version it read (S29).

Every versioned row is written by `save_if_current`: one statement that compares the
version read and moves it on, so two editors who read the same version cannot both win,
and nothing is written for the one who loses.
"""

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.expressions import Combinable
from django.utils import timezone


class StaleVersion(Exception):
    """Someone else changed the row since the caller read it; nothing was overwritten."""


def save_if_current(
    obj: models.Model,
    version: int,
    changes: Mapping[str, Any],
    *,
    where: Mapping[str, Any] | None = None,
) -> None:
    """Write `changes` to `obj`'s row and move its version on, if the row is still at
    `version` (and still matches `where`, e.g. minutes still in draft); otherwise raise
    StaleVersion, writing nothing. `updated_at` is refreshed when the model has one.
    `obj` holds the values written afterwards (expressions such as `F("sequence") + 1`
    are read back from the row)."""
    model = type(obj)
    values = dict(changes)
    if _has_field(model, "updated_at") and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    rows = model._default_manager.filter(pk=obj.pk, version=version, **(where or {}))
    written = rows.update(version=F("version") + 1, **values)
    if not written:
        raise StaleVersion
    computed = [name for name, value in values.items() if isinstance(value, Combinable)]
    for name, value in values.items():
        if name not in computed:
            setattr(obj, name, value)
    obj.version = version + 1  # type: ignore[attr-defined]
    if computed:
        obj.refresh_from_db(fields=computed)


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)
