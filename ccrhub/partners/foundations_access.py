"""Fetch and authorise team-foundations objects. What a user may not see answers like
what does not exist (404); what they see but may not change answers 403.

One-to-ones are private to the coordinator who wrote them: anyone else, another
coordinator of the same collaborative included, gets 404.
"""

from typing import Any

from ccrhub.lib.access import access_scoped
from ccrhub.partners.models import LeadershipTerm, MissionVersion, OneToOneMeeting

VIEW = "collaborative.view"


def access_mission_version(user: Any, public_id: Any, *, permission: str = VIEW) -> MissionVersion:
    versions = MissionVersion.objects.select_related("collaborative")
    return access_scoped(versions, user, public_id, permission=VIEW, write=True, writes=permission)


def access_leadership_term(user: Any, public_id: Any, *, permission: str = VIEW) -> LeadershipTerm:
    terms = LeadershipTerm.objects.select_related("collaborative", "user")
    return access_scoped(terms, user, public_id, permission=VIEW, write=True, writes=permission)


def access_one_to_one(user: Any, public_id: Any) -> OneToOneMeeting:
    """The entry, for its author while they keep `relationships.manage` there; 404 else."""
    entries = OneToOneMeeting.objects.select_related("collaborative", "agency").filter(
        author_id=user.pk
    )
    return access_scoped(entries, user, public_id, permission="relationships.manage")
