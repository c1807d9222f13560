"""Fetch and authorise evaluation objects.

Everyone with a role in a collaborative sees its goals, indicators and scorecard
(`evaluation.view`; figures follow the disclosure rule of their audience); the
coordinator manages them (`evaluation.manage`; 403 for other roles). What a user may
not see answers exactly like what does not exist (404, S3). An export belongs to its
maker alone and stops existing when it expires.
"""

from typing import Any

from django.http import Http404
from django.utils import timezone

from ccrhub.evaluation.models import Coalition, Export, Goal, Indicator, Story
from ccrhub.lib.access import access_scoped, collaboratives_where, holds, require_collaboratives
from ccrhub.lib.ids import parse_public_id

VIEW = "evaluation.view"
MANAGE = "evaluation.manage"
AGGREGATES = "aggregates.view"
EXPORTS = "exports.create"


def require_evaluation_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose evaluation the user sees; 403 if none."""
    return require_collaboratives(user, VIEW)


def managed_collaborative_ids(user: Any) -> list[int]:
    return collaboratives_where(user, MANAGE)


def access_goal(user: Any, public_id: Any, *, write: bool = False) -> Goal:
    goals = Goal.objects.select_related("collaborative", "owner")
    return access_scoped(goals, user, public_id, permission=VIEW, write=write, writes=MANAGE)


def access_indicator(user: Any, public_id: Any, *, write: bool = False) -> Indicator:
    indicators = Indicator.objects.select_related("goal__collaborative")
    return access_scoped(
        indicators,
        user,
        public_id,
        permission=VIEW,
        scope="goal__collaborative_id",
        write=write,
        writes=MANAGE,
    )


def access_story(user: Any, public_id: Any, *, write: bool = False) -> Story:
    stories = Story.objects.select_related("collaborative")
    return access_scoped(stories, user, public_id, permission=VIEW, write=write, writes=MANAGE)


def access_export(user: Any, public_id: Any) -> Export:
    """The export, for its maker only, until it expires; everything else is 404."""
    key = parse_public_id(public_id)
    export = Export.objects.filter(
        public_id=key, created_by_id=getattr(user, "pk", None), expires_at__gt=timezone.now()
    ).first()
    if export is None:
        raise Http404
    # The maker must still be allowed to export from the collaborative.
    if not holds(user, EXPORTS, export.collaborative_id):
        raise Http404
    return export


def visible_coalition_ids(user: Any) -> list[int]:
    lead_ids = collaboratives_where(user, AGGREGATES)
    return list(Coalition.objects.filter(lead_id__in=lead_ids).values_list("pk", flat=True))


def access_coalition(user: Any, public_id: Any) -> Coalition:
    """A coalition whose lead collaborative grants the user aggregates; 404 without a
    role in the lead, 403 with a role that sees no aggregates."""
    coalitions = Coalition.objects.select_related("lead")
    return access_scoped(
        coalitions,
        user,
        public_id,
        permission="collaborative.view",  # every role
        scope="lead_id",
        write=True,
        writes=AGGREGATES,
    )
