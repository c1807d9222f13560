"""What every review action shares: the manage check, processing-point checks, and
the versioned save."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.cases import stages
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.reviews.access import may_manage
from ccrhub.reviews.models import (
    Review,
)


def _require_manage(actor: User, review: Review) -> None:
    if not may_manage(actor, review):
        raise PermissionDenied


def _check_points(points: list[str]) -> list[str]:
    unknown = [p for p in points if not stages.is_stage(p)]
    if unknown:
        raise ValidationError({"scope_points": [_("Unknown processing point.")]})
    return points


def _check_point(point: str) -> str:
    if point and not stages.is_stage(point):
        raise ValidationError({"processing_point": [_("Unknown processing point.")]})
    return point


def _bump(obj: Any, version: int, fields: list[str]) -> None:
    """Save the fields if nobody changed the row since `version` was read."""
    values = {f: getattr(obj, f) for f in fields}
    if hasattr(obj, "updated_at"):
        obj.updated_at = values["updated_at"] = timezone.now()
    updated = (
        type(obj).objects.filter(pk=obj.pk, version=version).update(version=version + 1, **values)
    )
    if not updated:
        raise StaleVersion
    obj.version = version + 1
