"""Fetch and authorise evaluation objects.

Everyone with a role in a collaborative sees its goals, indicators and scorecard
(`evaluation.view`; figures follow the disclosure rule of their audience); the
coordinator manages them (`evaluation.manage`; 403 for other roles). What a user may
not see answers exactly like what does not exist (404, S3). An export belongs to its
maker alone and stops existing when it expires.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ccrhub.evaluation.models import Coalition, Export, Goal, Indicator, Story
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.queries import active_roles, collaborative_ids_with
from ccrhub.partners.roles import role_can

VIEW = "evaluation.view"
MANAGE = "evaluation.manage"
AGGREGATES = "aggregates.view"
EXPORTS = "exports.create"


def require_evaluation_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose evaluation the user sees; 403 if none."""
    ids = collaborative_ids_with(user, VIEW)
    if not ids:
        raise PermissionDenied
    return ids


def managed_collaborative_ids(user: Any) -> list[int]:
    return collaborative_ids_with(user, MANAGE)


def _check(user: Any, collaborative_id: int | None, roles: dict[int, str], write: bool) -> None:
    role = roles.get(collaborative_id) if collaborative_id is not None else None
    if role is None or not role_can(role, VIEW):
        raise Http404
    if write and not role_can(role, MANAGE):
        raise PermissionDenied


def access_goal(user: Any, public_id: Any, *, write: bool = False) -> Goal:
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    goal = Goal.objects.select_related("collaborative", "owner").filter(public_id=key).first()
    _check(user, goal.collaborative_id if goal else None, roles, write)
    assert goal is not None
    return goal


def access_indicator(user: Any, public_id: Any, *, write: bool = False) -> Indicator:
    key = parse_public_id(public_id)
    roles = active_roles(user)
    indicator = (
        Indicator.objects.select_related("goal__collaborative").filter(public_id=key).first()
    )
    _check(user, indicator.goal.collaborative_id if indicator else None, roles, write)
    assert indicator is not None
    return indicator


def access_story(user: Any, public_id: Any, *, write: bool = False) -> Story:
    key = parse_public_id(public_id)
    roles = active_roles(user)
    story = Story.objects.select_related("collaborative").filter(public_id=key).first()
    _check(user, story.collaborative_id if story else None, roles, write)
    assert story is not None
    return story


def access_export(user: Any, public_id: Any) -> Export:
    """The export, for its maker only, until it expires; everything else is 404."""
    key = parse_public_id(public_id)
    export = Export.objects.filter(
        public_id=key, created_by_id=getattr(user, "pk", None), expires_at__gt=timezone.now()
    ).first()
    if export is None:
        raise Http404
    # The maker must still be allowed to export from the collaborative.
    role = active_roles(user).get(export.collaborative_id)
    if role is None or not role_can(role, EXPORTS):
        raise Http404
    return export


def visible_coalition_ids(user: Any) -> list[int]:
    lead_ids = collaborative_ids_with(user, AGGREGATES)
    return list(Coalition.objects.filter(lead_id__in=lead_ids).values_list("pk", flat=True))


def access_coalition(user: Any, public_id: Any) -> Coalition:
    """A coalition whose lead collaborative grants the user aggregates; 404 without a
    role in the lead, 403 with a role that sees no aggregates."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    coalition = Coalition.objects.select_related("lead").filter(public_id=key).first()
    role = roles.get(coalition.lead_id) if coalition is not None else None
    if coalition is None or role is None:
        raise Http404
    if not role_can(role, AGGREGATES):
        raise PermissionDenied
    return coalition
