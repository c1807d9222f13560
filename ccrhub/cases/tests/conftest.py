import datetime

import pytest

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case


@pytest.fixture
def ccr_case(personas) -> Case:
    """A case of the Riverbend CCR, opened by the police officer."""
    return open_case(
        personas.ccr,
        external_ref="RPD-2026-0001",
        offender_ref="P-778812",
        opened_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )


@pytest.fixture
def party_case(personas) -> Case:
    """A case in which the party officer is the accused: he must never find it."""
    case = open_case(
        personas.ccr,
        external_ref="RPD-2026-0002",
        offender_ref="P-100200",
        opened_on=datetime.date(2026, 4, 9),
        actor=personas.police_officer,
    )
    restrict(case, actor=personas.coordinator, user=personas.party_officer, party=True)
    return case


@pytest.fixture
def neighbour_case(personas) -> Case:
    return open_case(
        personas.neighbour_ccr,
        external_ref="LCPD-77",
        offender_ref="X-1",
        opened_on=datetime.date(2026, 1, 5),
        actor=personas.outsider,
    )
