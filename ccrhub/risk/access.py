"""Fetch and authorise assessments and the survivor records they are made on.

Assessments live in the compartment of the agency that made them: its staff holding
`risk.assess` (or `survivors.view`) read them; nobody else does. What a user may not
see answers exactly like what does not exist (404). A restriction that keeps someone
from the survivor record keeps them from its assessments too (S6).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from ccrhub.accounts.restrictions import deny_restricted
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.risk.models import Assessment
from ccrhub.survivors.access import is_restricted_for
from ccrhub.survivors.models import Survivor

ASSESS = "risk.assess"


def may_assess(user: Any) -> bool:
    return getattr(user, "agency_id", None) is not None and bool(
        collaborative_ids_with(user, ASSESS)
    )


def require_assessor(user: Any) -> int:
    """The user's agency id, if they may assess; 403 otherwise."""
    if not may_assess(user):
        raise PermissionDenied
    return int(user.agency_id)


def assessments_of_agency(user: Any) -> QuerySet[Assessment]:
    agency_id = require_assessor(user)
    return Assessment.objects.filter(agency_id=agency_id)


def access_assessment(user: Any, public_id: Any) -> Assessment:
    key = parse_public_id(public_id)
    allowed = may_assess(user)
    assessment = (
        Assessment.objects.select_related("survivor", "assessed_by").filter(public_id=key).first()
    )
    if assessment is None or not allowed or assessment.agency_id != user.agency_id:
        raise Http404
    _refuse_if_restricted(user, assessment.survivor)
    return assessment


def access_survivor_to_assess(user: Any, public_id: Any) -> Survivor:
    """A survivor record of the user's own agency, for an assessor."""
    key = parse_public_id(public_id)
    allowed = may_assess(user)
    survivor = Survivor.objects.filter(public_id=key).first()
    if survivor is None or not allowed or survivor.owner_agency_id != user.agency_id:
        raise Http404
    _refuse_if_restricted(user, survivor)
    return survivor


def _refuse_if_restricted(user: Any, survivor: Survivor) -> None:
    if is_restricted_for(user, survivor):
        deny_restricted(user, survivor)
        raise Http404
