"""Action items and their comments."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib.concurrency import save_if_current
from ccrhub.meetings.actions.base import (
    ACTION_CHANGES,
    ACTION_STATUS_CHANGES,
    _check_agency,
    _check_member,
    _require_manage,
)
from ccrhub.meetings.models import (
    CLOSED_STATUSES,
    ActionItem,
    ActionItemComment,
    ActionStatus,
    AgendaItem,
    Meeting,
)
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.partners.queries import can


def _check_owner(collaborative_id: int, *, owner_agency: Agency, owner: User | None) -> None:
    _check_agency(collaborative_id, owner_agency)
    _check_member(collaborative_id, user=owner, field="owner")
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ValidationError({"owner": [_("The owner works for another agency.")]})


@transaction.atomic
def create_action_item(
    collaborative: Collaborative,
    *,
    title: str,
    owner_agency: Agency,
    due_on: datetime.date,
    actor: User,
    owner: User | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    description: str = "",
) -> ActionItem:
    """An action agreed at a meeting (perhaps out of one of its agenda discussions)."""
    _require_manage(actor, collaborative.pk)
    if meeting is not None and meeting.collaborative_id != collaborative.pk:
        raise ValidationError({"meeting": [_("The meeting belongs to another collaborative.")]})
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": [_("This item is not on the meeting's agenda.")]})
    _check_owner(collaborative.pk, owner_agency=owner_agency, owner=owner)
    item = ActionItem.objects.create(
        collaborative=collaborative,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="action_item.created",
        target=item,
        details={
            "meeting": str(meeting.public_id) if meeting else "",
            "agenda_item": str(agenda_item.public_id) if agenda_item else "",
        },
    )
    return item


@transaction.atomic
def update_action_item(
    item: ActionItem, *, version: int, changes: dict[str, Any], actor: User
) -> ActionItem:
    """Allow-listed changes for the version read. The status (and its note) may be set by
    the owner and the owning agency; everything else only by the coordinator."""
    from ccrhub.meetings.access import may_update_action

    unknown = set(changes) - ACTION_CHANGES - ACTION_STATUS_CHANGES
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if set(changes) - ACTION_STATUS_CHANGES:
        _require_manage(actor, item.collaborative_id)
    elif not may_update_action(actor, item):
        raise PermissionDenied
    if "status" in changes and changes["status"] not in ActionStatus.values:
        raise ValidationError({"status": [_("Not a status of an action item.")]})
    if "owner_agency" in changes or "owner" in changes:
        _check_owner(
            item.collaborative_id,
            owner_agency=changes.get("owner_agency", item.owner_agency),
            owner=changes.get("owner", item.owner),
        )
    fields = dict(changes)
    if "status" in fields:
        fields["closed_at"] = timezone.now() if fields["status"] in CLOSED_STATUSES else None
    save_if_current(item, version, fields)
    item.refresh_from_db()
    record(
        actor=actor,
        action="action_item.updated",
        target=item,
        details={"fields": sorted(changes), "status": item.status},
    )
    return item


@transaction.atomic
def comment_on_action_item(item: ActionItem, *, body: str, actor: User) -> ActionItemComment:
    if not can(actor, "meetings.view", item.collaborative_id):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": [_("Write a comment.")]})
    comment = ActionItemComment.objects.create(action_item=item, author=actor, body=body)
    record(actor=actor, action="action_item.commented", target=item)
    return comment
