"""SART protocol reviews: the core agencies, the protocol version and the checklist."""

from django.db import transaction

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Sector
from ccrhub.protocols import queries as protocol_queries
from ccrhub.reviews.models import (
    ChecklistItem,
)

# The SART core four (DOMAIN.md §1): sectors whose member agencies the checklist asks about.
SART_CORE_SECTORS = (
    Sector.ADVOCACY,
    Sector.LAW_ENFORCEMENT,
    Sector.HEALTH,
    Sector.FORENSIC_EXAM,
    Sector.PROSECUTION,
)


def sart_core_members(collaborative: Collaborative) -> list[tuple[Agency, str]]:
    """The SART's active member agencies in the core sectors, with their sector as role."""
    memberships = (
        AgencyMembership.objects.filter(
            collaborative=collaborative,
            is_active=True,
            agency__sector__in=[s.value for s in SART_CORE_SECTORS],
        )
        .select_related("agency")
        .order_by("agency__sector", "agency__name")
    )
    return [(m.agency, str(Sector(m.agency.sector).label)) for m in memberships]


def sart_protocol_version(collaborative: Collaborative) -> str:
    """The SART's adopted protocol and version in force ("Title v3"); empty if none."""
    adopted = protocol_queries.protocols_for_list(
        [collaborative.pk], kind="protocol", status="adopted"
    )
    for protocol in adopted:
        if protocol.current_version is not None:
            return f"{protocol.title} v{protocol.current_version.number}"[:100]
    return ""


@transaction.atomic
def answer_check(
    item: ChecklistItem,
    *,
    actor: User,
    contacted: str,
    fulfilled: str,
    went_well: str = "",
    did_not: str = "",
) -> ChecklistItem:
    item.contacted, item.fulfilled = contacted, fulfilled
    item.went_well, item.did_not = went_well, did_not
    item.save(update_fields=["contacted", "fulfilled", "went_well", "did_not"])
    record(
        actor=actor,
        action="reviews.check_answered",
        target=item.review,
        details={"agency": str(item.agency.public_id), "fulfilled": fulfilled},
    )
    return item
