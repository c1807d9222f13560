"""Fetch and authorise outreach activities and coverage.

Members who see the collaborative's meetings see its outreach; what they may not see
answers exactly like what does not exist (404, S3). The coordinator and the staff of
the delivering agency record and edit (403 for other members). Analysts see only the
coverage counts, never the activities.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ccrhub.lib.ids import parse_public_id
from ccrhub.outreach.models import Activity
from ccrhub.partners.models import AgencyMembership, Collaborative
from ccrhub.partners.queries import active_roles, can, collaborative_ids_with
from ccrhub.partners.roles import role_can

VIEW = "meetings.view"
MANAGE = "meetings.manage"
COVERAGE = "collaborative.view"


def require_outreach_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose outreach the user sees; 403 if none."""
    ids = collaborative_ids_with(user, VIEW)
    if not ids:
        raise PermissionDenied
    return ids


def recordable_collaborative_ids(user: Any) -> list[int]:
    """Where the user may record outreach: as coordinator, or for their own agency where
    it is an active member and the user sees the collaborative's outreach."""
    managed = set(collaborative_ids_with(user, MANAGE))
    viewing = set(collaborative_ids_with(user, VIEW)) - managed
    agency_id = getattr(user, "agency_id", None)
    if viewing and agency_id is not None:
        managed |= set(
            AgencyMembership.objects.filter(
                collaborative_id__in=viewing, agency_id=agency_id, is_active=True
            ).values_list("collaborative_id", flat=True)
        )
    return sorted(managed)


def may_edit(user: Any, activity: Activity) -> bool:
    if can(user, MANAGE, activity.collaborative_id):
        return True
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and agency_id == activity.agency_id


def access_activity(user: Any, public_id: Any, *, write: bool = False) -> Activity:
    """The activity, if the user sees its collaborative's outreach; writing is for the
    coordinator and the delivering agency's staff."""
    key = parse_public_id(public_id)
    roles = active_roles(user)  # first, so a missing and a hidden id cost the same (S3)
    activity = Activity.objects.for_list().filter(public_id=key).first()
    role = roles.get(activity.collaborative_id) if activity is not None else None
    if activity is None or role is None or not role_can(role, VIEW):
        raise Http404
    if write and not may_edit(user, activity):
        raise PermissionDenied
    return activity


def access_coverage(user: Any, public_id: Any) -> tuple[Collaborative, bool]:
    """The collaborative whose coverage the user may see (every role in it, analysts
    too), and whether they may also see its activities."""
    key = parse_public_id(public_id)
    roles = active_roles(user)
    collaborative = Collaborative.objects.filter(public_id=key).first()
    role = roles.get(collaborative.pk) if collaborative is not None else None
    if collaborative is None or role is None or not role_can(role, COVERAGE):
        raise Http404
    return collaborative, role_can(role, VIEW)
