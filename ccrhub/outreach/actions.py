"""Recording, changing and removing outreach activities; each audited in the
transaction that makes it. Audit details hold ids, kinds and levels only: titles and
notes never enter the trail."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.outreach.access import may_edit, recordable_collaborative_ids
from ccrhub.outreach.models import LEVEL_FIELDS, Activity
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import can

CHANGES = frozenset(
    {
        "title",
        "kind",
        "starts_on",
        "ends_on",
        "agency",
        "audience_size",
        "languages",
        "setting",
        "notes",
    }
)


def _check(collaborative_id: int, agency: Agency, *, actor: User, levels: Iterable[str]) -> None:
    """The delivering agency is an active member; non-coordinators record for their own
    agency only; at least one known level."""
    if not can(actor, "meetings.manage", collaborative_id) and agency.pk != actor.agency_id:
        raise ValidationError({"agency": [_("You may record outreach of your own agency only.")]})
    member = AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=agency, is_active=True
    ).exists()
    if not member:
        raise ValidationError({"agency": [_("This agency is not a member of the collaborative.")]})
    chosen = set(levels)
    if not chosen or not chosen <= set(LEVEL_FIELDS):
        raise ValidationError({"levels": [_("Choose at least one level.")]})


def _check_dates(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end cannot be before the start.")]})


def _set_levels(activity: Activity, levels: Iterable[str]) -> None:
    chosen = set(levels)
    for level, column in LEVEL_FIELDS.items():
        setattr(activity, column, level in chosen)


@transaction.atomic
def record_activity(
    collaborative: Collaborative,
    *,
    actor: User,
    title: str,
    kind: str,
    starts_on: datetime.date,
    agency: Agency,
    setting: str,
    levels: Iterable[str],
    ends_on: datetime.date | None = None,
    audience_size: int | None = None,
    languages: str = "",
    notes: str = "",
) -> Activity:
    """A new activity of the collaborative."""
    if collaborative.pk not in recordable_collaborative_ids(actor):
        raise PermissionDenied
    levels = list(levels)
    _check(collaborative.pk, agency, actor=actor, levels=levels)
    _check_dates(starts_on, ends_on)
    activity = Activity(
        collaborative=collaborative,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        agency=agency,
        audience_size=audience_size,
        languages=languages,
        setting=setting,
        notes=notes,
        created_by=actor,
    )
    _set_levels(activity, levels)
    activity.save()
    record(
        actor=actor,
        action="outreach.recorded",
        target=activity,
        details={"kind": kind, "levels": sorted(levels)},
    )
    return activity


@transaction.atomic
def update_activity(
    activity: Activity, *, actor: User, changes: dict[str, Any], levels: Iterable[str]
) -> Activity:
    """Change the named fields (from `CHANGES`) and the levels."""
    if not may_edit(actor, activity):
        raise PermissionDenied
    unknown = set(changes) - CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    levels = list(levels)
    _check(
        activity.collaborative_id,
        changes.get("agency", activity.agency),
        actor=actor,
        levels=levels,
    )
    _check_dates(
        changes.get("starts_on", activity.starts_on), changes.get("ends_on", activity.ends_on)
    )
    for name, value in changes.items():
        setattr(activity, name, value)
    _set_levels(activity, levels)
    fields = [*changes, *LEVEL_FIELDS.values(), "updated_at"]
    activity.save(update_fields=fields)
    record(
        actor=actor,
        action="outreach.updated",
        target=activity,
        details={"fields": sorted(changes), "levels": sorted(levels)},
    )
    return activity


@transaction.atomic
def remove_activity(activity: Activity, *, actor: User) -> None:
    if not may_edit(actor, activity):
        raise PermissionDenied
    record(actor=actor, action="outreach.removed", target=activity)
    activity.delete()
