"""Fetch and authorise assessments and the survivor records they are made on.

Assessments live in the compartment of the agency that made them: its staff holding
`risk.assess` (or `survivors.view`) read them; nobody else does. What a user may not
see answers exactly like what does not exist (404). A restriction that keeps someone
from the survivor record keeps them from its assessments too (S6).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ccrhub.lib.access import access_within, collaboratives_where
from ccrhub.risk.models import Assessment
from ccrhub.survivors.access import refuse_restricted_survivor
from ccrhub.survivors.models import Survivor

ASSESS = "risk.assess"


def may_assess(user: Any) -> bool:
    return getattr(user, "agency_id", None) is not None and bool(collaboratives_where(user, ASSESS))


def require_assessor(user: Any) -> int:
    """The user's agency id, if they may assess; 403 otherwise."""
    if not may_assess(user):
        raise PermissionDenied
    return int(user.agency_id)


def assessments_of_agency(user: Any) -> QuerySet[Assessment]:
    agency_id = require_assessor(user)
    return Assessment.objects.filter(agency_id=agency_id)


def _assessors_agency(user: Any) -> list[int]:
    """The compartment an assessor works in: their own agency's."""
    return [user.agency_id] if may_assess(user) else []


def _refuse_restricted_assessment(user: Any, assessment: Assessment) -> None:
    refuse_restricted_survivor(user, assessment.survivor)


def access_assessment(user: Any, public_id: Any) -> Assessment:
    return access_within(
        Assessment.objects.select_related("survivor", "assessed_by"),
        user,
        public_id,
        scope="agency_id",
        within=_assessors_agency(user),
        refuse=_refuse_restricted_assessment,
    )


def access_survivor_to_assess(user: Any, public_id: Any) -> Survivor:
    """A survivor record of the user's own agency, for an assessor."""
    return access_within(
        Survivor.objects.all(),
        user,
        public_id,
        scope="owner_agency_id",
        within=_assessors_agency(user),
        refuse=refuse_restricted_survivor,
    )
