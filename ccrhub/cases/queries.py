"""Reads of cases named for the screen: the case search shared by `/cases/` and
`GET /api/v1/cases/`, always within what the user may see."""

from typing import Any

from ccrhub.cases.access import visible_cases
from ccrhub.cases.models import CaseQuerySet

PREFIX = "prefix"
EXACT = "exact"
# The filters that carry typed text: audited as a keyed hash, never in clear.
TERMS = ("reference", "agency_case_number")


def search_cases(user: Any, filters: dict[str, Any]) -> CaseQuerySet:
    """The cases the user may see that match every filter given (already validated).

    Restricted cases are dropped before any filter, so neither the rows nor the count
    hint at a case out of the user's scope (S8). `reference` matches the agency
    reference from its start (`match="prefix"`, the default) or whole (`"exact"`).
    """
    cases = visible_cases(user).for_list()
    if filters.get("collaborative"):
        cases = cases.filter(collaborative__public_id=filters["collaborative"])
    if filters.get("reference"):
        if filters.get("match") == EXACT:
            cases = cases.filter(external_ref=filters["reference"])
        else:
            cases = cases.filter(external_ref__startswith=filters["reference"])
    if filters.get("agency_case_number"):
        cases = cases.filter(agency_case_number=filters["agency_case_number"])
    if filters.get("stage"):
        cases = cases.at_current_stage(filters["stage"])
    if filters.get("opened_after"):
        cases = cases.filter(opened_on__gte=filters["opened_after"])
    if filters.get("opened_before"):
        cases = cases.filter(opened_on__lte=filters["opened_before"])
    return cases


def search_terms(filters: dict[str, Any]) -> str:
    """The typed text of a search, one string (for its keyed hash); empty if none."""
    return " ".join(f"{name}={filters[name]}" for name in TERMS if filters.get(name))
