"""The demo county's cases: a few of the CCR's, one the party officer is party to, and
events that show a case's whole path, a repeat offender, and the gaps a CCR chases."""

import datetime
from typing import Any

from ccrhub.accounts.models import User
from ccrhub.accounts.restrictions import restrict
from ccrhub.cases import actions
from ccrhub.cases.models import Case
from ccrhub.partners.demo import County, demo_part

DEMO_CASES = (
    # external_ref, offender identifier, opened on
    ("RPD-2026-0114", "RB-448120", datetime.date(2026, 1, 14)),
    ("RPD-2026-0302", "RB-501877", datetime.date(2026, 3, 2)),
    ("RPD-2026-0519", "RB-448120", datetime.date(2026, 5, 19)),  # the same offender again
)
PARTY_CASE = ("RPD-2026-0611", "RB-620045", datetime.date(2026, 6, 11))


def day(month: int, day_of_month: int) -> datetime.date:
    return datetime.date(2026, month, day_of_month)


@demo_part
def seed_demo_cases(county: County) -> None:
    ccr, officer = county.collaboratives["ccr"], county.users["police_officer"]
    cases = {
        ref: actions.open_case(
            ccr, external_ref=ref, offender_ref=offender, opened_on=opened_on, actor=officer
        )
        for ref, offender, opened_on in (*DEMO_CASES, PARTY_CASE)
    }
    restrict(
        cases[PARTY_CASE[0]],
        actor=county.users["coordinator"],
        user=county.users["party_officer"],
        party=True,
    )
    seed_whole_path(cases["RPD-2026-0114"], county)
    seed_short_paths(cases, county)


def seed_whole_path(case: Case, county: County) -> None:
    """From the call to probation, with an unanswered violation and a BIP referral that
    never became an enrolment: the two gaps the timeline highlights."""
    people, agencies = county.users, county.agencies
    police, prosecutor = people["police_officer"], people["prosecutor"]
    coordinator, probation = people["coordinator"], people["probation_officer"]
    court = agencies["court"]

    def event(
        stage: str, when: datetime.date, actor: User, outcome: str = "", **extra: Any
    ) -> None:
        actions.record_event(
            case, stage=stage, occurred_on=when, outcome=outcome, actor=actor, **extra
        )

    event("incident", day(1, 14), police)
    event("arrest", day(1, 14), police, "single")
    event("booking", day(1, 14), police)
    event("charge_filed", day(1, 16), prosecutor)
    event("first_appearance", day(1, 17), coordinator, agency=court)
    order = actions.issue_order(
        case,
        kind="no_contact",
        issued_on=day(1, 17),
        issued_by=court,
        conditions=["no_contact", "firearms_surrender"],
        actor=coordinator,
    )
    actions.serve_order(order, served_on=day(1, 18), actor=police)
    event("disposition", day(3, 10), coordinator, "convicted_plea", agency=court)
    event("sentence", day(3, 24), coordinator, "probation", agency=court)
    event("probation_start", day(3, 30), probation)
    event("bip_referral", day(3, 30), probation)
    technical = actions.record_violation(
        case, kind="technical", detected_on=day(5, 2), actor=probation
    )
    actions.record_violation_response(
        technical, kind="review_hearing", responded_on=day(5, 6), actor=probation
    )
    actions.record_violation(
        case, kind="new_offence", detected_on=day(5, 19), order=order, actor=police
    )


def seed_short_paths(cases: dict[str, Case], county: County) -> None:
    """A dual arrest the prosecutor declined, the repeat incident, the party's arrest."""
    police, prosecutor = county.users["police_officer"], county.users["prosecutor"]
    declined, repeat = cases["RPD-2026-0302"], cases["RPD-2026-0519"]
    party_case = cases[PARTY_CASE[0]]
    for case, when, arrest in (
        (declined, day(3, 2), "dual"),
        (repeat, day(5, 19), "single"),
        (party_case, day(6, 11), "single"),
    ):
        actions.record_event(case, stage="incident", occurred_on=when, actor=police)
        actions.record_event(case, stage="arrest", occurred_on=when, outcome=arrest, actor=police)
    actions.record_event(declined, stage="charge_declined", occurred_on=day(3, 9), actor=prosecutor)
    actions.record_event(repeat, stage="charge_filed", occurred_on=day(5, 21), actor=prosecutor)
