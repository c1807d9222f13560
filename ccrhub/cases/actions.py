"""State changes of cases, each audited in its own transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases.models import Case
from ccrhub.lib.hashing import keyed_hash
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.partners.queries import can


class StaleVersion(Exception):
    """Someone else changed the case since the caller read it."""


def offender_key(*, agency_code: str, identifier: str) -> str:
    """Keyed hash of the agency-normalised offender identifier: links repeats, names no one."""
    # Agencies write the same identifier as "P-5512", "p 5512" or "P5512".
    normalised = "".join(ch for ch in identifier if ch.isalnum()).upper()
    return keyed_hash(f"{agency_code.lower()}:{normalised}", purpose="offender")


@transaction.atomic
def open_case(
    collaborative: Collaborative,
    *,
    external_ref: str,
    offender_ref: str,
    opened_on: date,
    actor: User,
    agency_case_number: str = "",
    lead_agency: Agency | None = None,
) -> Case:
    if not can(actor, "cases.write", collaborative.pk):
        raise PermissionDenied
    agency = lead_agency or actor.agency
    case = Case.objects.create(
        collaborative=collaborative,
        external_ref=external_ref,
        agency_case_number=agency_case_number,
        lead_agency=agency,
        offender_key=offender_key(
            agency_code=agency.short_code if agency else "", identifier=offender_ref
        ),
        opened_on=opened_on,
    )
    record(actor=actor, action="case.opened", target=case)
    return case


@transaction.atomic
def update_case(case: Case, *, version: int, changes: dict[str, Any], actor: User) -> Case:
    """Apply allow-listed changes if `version` is current; a stale version raises."""
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=version + 1, **changes
    )
    if not updated:
        raise StaleVersion
    case.refresh_from_db()
    record(actor=actor, action="case.updated", target=case, details={"fields": sorted(changes)})
    return case


def record_case_viewed(case: Case, *, actor: User) -> None:
    record(actor=actor, action="case.viewed", target=case)
