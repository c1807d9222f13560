"""Fetch and authorise outreach activities and coverage.

Members who see the collaborative's meetings see its outreach; what they may not see
answers exactly like what does not exist (404, S3). The coordinator and the staff of
the delivering agency record and edit (403 for other members). Analysts see only the
coverage counts, never the activities.
"""

from typing import Any

from ccrhub.lib.access import access_scoped, collaboratives_where, holds, require_collaboratives
from ccrhub.outreach.models import Activity
from ccrhub.partners.models import AgencyMembership, Collaborative

VIEW = "meetings.view"
MANAGE = "meetings.manage"
COVERAGE = "collaborative.view"


def require_outreach_role(user: Any) -> list[int]:
    """Ids of the collaboratives whose outreach the user sees; 403 if none."""
    return require_collaboratives(user, VIEW)


def recordable_collaborative_ids(user: Any) -> list[int]:
    """Where the user may record outreach: as coordinator, or for their own agency where
    it is an active member and the user sees the collaborative's outreach."""
    managed = set(collaboratives_where(user, MANAGE))
    viewing = set(collaboratives_where(user, VIEW)) - managed
    agency_id = getattr(user, "agency_id", None)
    if viewing and agency_id is not None:
        managed |= set(
            AgencyMembership.objects.filter(
                collaborative_id__in=viewing, agency_id=agency_id, is_active=True
            ).values_list("collaborative_id", flat=True)
        )
    return sorted(managed)


def may_edit(user: Any, activity: Activity) -> bool:
    if holds(user, MANAGE, activity.collaborative_id):
        return True
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and agency_id == activity.agency_id


def access_activity(user: Any, public_id: Any, *, write: bool = False) -> Activity:
    """The activity, if the user sees its collaborative's outreach; writing is for the
    coordinator and the delivering agency's staff."""
    activities = Activity.objects.for_list()
    return access_scoped(activities, user, public_id, permission=VIEW, write=write, writes=may_edit)


def access_coverage(user: Any, public_id: Any) -> tuple[Collaborative, bool]:
    """The collaborative whose coverage the user may see (every role in it, analysts
    too), and whether they may also see its activities."""
    collaboratives = Collaborative.objects.all()
    collaborative = access_scoped(collaboratives, user, public_id, permission=COVERAGE, scope="pk")
    return collaborative, holds(user, VIEW, collaborative.pk)
