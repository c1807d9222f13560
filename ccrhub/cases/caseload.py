"""A case is in a user's caseload when their agency leads it or recorded on it, or they
coordinate its collaborative; views outside it feed the out-of-caseload rule (S20)."""

from ccrhub.accounts.models import User
from ccrhub.audit.anomalies import caseload_check
from ccrhub.cases.models import Case
from ccrhub.partners.queries import can


@caseload_check("cases.case")
def case_in_caseload(actor_id: int, object_id: str) -> bool:
    case = Case.objects.filter(public_id=object_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if case is None or actor is None:
        return True
    if can(actor, "collaborative.manage", case.collaborative_id):
        return True
    agency_id = actor.agency_id
    if agency_id is None:
        return False
    return case.lead_agency_id == agency_id or case.events.filter(agency_id=agency_id).exists()
