"""The demo county's cases: a few of the CCR's, one the party officer is party to."""

import datetime

from ccrhub.accounts.restrictions import restrict
from ccrhub.cases.actions import open_case
from ccrhub.partners.demo import County, demo_part

DEMO_CASES = (
    # external_ref, offender identifier, opened on
    ("RPD-2026-0114", "RB-448120", datetime.date(2026, 1, 14)),
    ("RPD-2026-0302", "RB-501877", datetime.date(2026, 3, 2)),
    ("RPD-2026-0519", "RB-448120", datetime.date(2026, 5, 19)),  # the same offender again
)
PARTY_CASE = ("RPD-2026-0611", "RB-620045", datetime.date(2026, 6, 11))


@demo_part
def seed_demo_cases(county: County) -> None:
    ccr, officer = county.collaboratives["ccr"], county.users["police_officer"]
    for ref, offender, opened_on in DEMO_CASES:
        open_case(ccr, external_ref=ref, offender_ref=offender, opened_on=opened_on, actor=officer)
    ref, offender, opened_on = PARTY_CASE
    party_case = open_case(
        ccr, external_ref=ref, offender_ref=offender, opened_on=opened_on, actor=officer
    )
    restrict(
        party_case,
        actor=county.users["coordinator"],
        user=county.users["party_officer"],
        party=True,
    )
