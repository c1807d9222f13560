"""Synthetic cases for benchmarks: `generate_synthetic --cases N` makes N of them.

Each case follows a realistic flow through the system, with attrition near the
published rates (CCR domain notes §2): about half of incidents end in an arrest,
about 64% of arrests are charged, fewer than half of arrests end in a conviction,
about half of BIP referrals do not complete; with realistic delays between stages,
protection orders (most served within two weeks), and violations during probation
(most answered, not all within the limit). About three events per case on average,
so 320,000 cases make about a million events (a few minutes on PostgreSQL).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ccrhub.cases.actions import offender_key
from ccrhub.cases.models import (
    Case,
    Event,
    Order,
    PrimaryAggressor,
    Sex,
    Violation,
    ViolationResponse,
)
from ccrhub.partners.synthetic import SyntheticContext, SyntheticScale, synthetic_part

BATCH = 5000
FIRST_DAY = datetime.date(2023, 1, 1)
DAYS = 3 * 365
# About a third of offenders come back within the period (DOMAIN.md §2: 32% reabuse).
REPEAT_SHARE = 0.32

# Positions of agencies in a synthetic collaborative (`_SYNTHETIC_SECTORS` in partners.demo).
POLICE, PROSECUTOR, COURT, PROBATION, BIP = 2, 4, 5, 6, 7

# Attrition and outcomes, as probabilities (near the published rates).
ARREST = 0.50
DUAL_OF_ARRESTS = 0.075
CHARGED = 0.64
DECLINED = 0.22  # the rest of arrests: diverted or no recorded decision
DIVERTED = 0.08
FIRST_APPEARANCE = 0.95
DISPOSED = 0.92
# disposition outcomes among the disposed: convictions ≈ 0.64·0.95·0.92·0.72 ≈ 40% of arrests
DISPOSITIONS = (
    ("convicted_plea", 0.58),
    ("convicted_trial", 0.14),
    ("dismissed", 0.18),
    ("acquitted", 0.05),
    ("deferred", 0.05),
)
SENTENCES = (
    ("probation", 0.60),
    ("custody", 0.20),
    ("fine", 0.10),
    ("conditional_discharge", 0.05),
    ("other", 0.05),
)
BIP_REFERRAL = 0.85  # of probation sentences
BIP_ENROLMENT = 0.85  # of referrals
BIP_COMPLETION = 0.60  # of enrolments: ≈ 51% of referrals complete
PROTECTION_ORDER = 0.40  # of incidents
ORDER_SERVED = 0.88
VIOLATION = 0.30  # of probation starts
VIOLATION_ANSWERED = 0.85
OFFENDER_SEX = ((Sex.MALE, 0.80), (Sex.FEMALE, 0.18), (Sex.UNKNOWN, 0.02))
AGGRESSOR = (
    (PrimaryAggressor.OFFENDER, 0.82),
    (PrimaryAggressor.BOTH, 0.05),
    (PrimaryAggressor.VICTIM, 0.03),
    (PrimaryAggressor.UNDETERMINED, 0.10),
)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, p in weighted:
        roll -= p
        if roll < 0:
            return value
    return weighted[-1][0]


@dataclass
class Flow:
    """Rows of one batch of cases, waiting for their case's primary key."""

    events: list[tuple[int, str, datetime.date, str, int]] = field(default_factory=list)
    orders: list[tuple[int, datetime.date, datetime.date | None, int]] = field(default_factory=list)
    violations: list[tuple[int, datetime.date, str, datetime.date | None, str, int]] = field(
        default_factory=list
    )


def case_flow(
    rng: random.Random, n: int, start: datetime.date, agencies: list[int], flow: Flow
) -> None:
    """The events of case `n` (index within its batch) from its incident on `start`."""
    day = start

    def after(low: int, high: int) -> datetime.date:
        nonlocal day
        day = day + datetime.timedelta(days=rng.randint(low, high))
        return day

    def event(stage: str, on: datetime.date, agency: int, outcome: str = "") -> None:
        flow.events.append((n, stage, on, outcome, agencies[agency]))

    event("incident", day, POLICE)
    if rng.random() < PROTECTION_ORDER:
        issued = start + datetime.timedelta(days=rng.randint(0, 3))
        served = issued + datetime.timedelta(days=int(rng.expovariate(1 / 4)))
        flow.orders.append((n, issued, served if rng.random() < ORDER_SERVED else None, COURT))
    if rng.random() >= ARREST:
        return
    event("arrest", after(0, 2), POLICE, "dual" if rng.random() < DUAL_OF_ARRESTS else "single")
    roll = rng.random()
    if roll >= CHARGED:
        if roll < CHARGED + DECLINED:
            event("charge_declined", after(2, 30), PROSECUTOR)
        elif roll < CHARGED + DECLINED + DIVERTED:
            event("diverted", after(2, 30), PROSECUTOR)
        return
    event("charge_filed", after(1, 14), PROSECUTOR)
    if rng.random() >= FIRST_APPEARANCE:
        return
    event("first_appearance", after(1, 10), COURT)
    if rng.random() >= DISPOSED:
        return
    outcome = _pick(rng, DISPOSITIONS)
    # Court time has a long tail: a few weeks at least, sometimes most of a year.
    disposed_on = after(20, 45 + int(rng.expovariate(1 / 90)))
    event("disposition", disposed_on, COURT, outcome)
    if not outcome.startswith("convicted"):
        return
    sentence = _pick(rng, SENTENCES)
    event("sentence", after(0, 30), COURT, sentence)
    if sentence != "probation":
        return
    probation_start = after(0, 14)
    event("probation_start", probation_start, PROBATION)
    if rng.random() < VIOLATION:
        detected = probation_start + datetime.timedelta(days=rng.randint(20, 300))
        kind = "new_offence" if rng.random() < 0.3 else "technical"
        answered = rng.random() < VIOLATION_ANSWERED
        responded = detected + datetime.timedelta(days=int(rng.expovariate(1 / 6)))
        response = rng.choice(("warning", "review_hearing", "revocation", "sanction"))
        flow.violations.append(
            (n, detected, kind, responded if answered else None, response, PROBATION)
        )
    if rng.random() >= BIP_REFERRAL:
        return
    event("bip_referral", after(3, 30), PROBATION)
    if rng.random() >= BIP_ENROLMENT:
        return
    event("bip_enrolment", after(5, 60), BIP)
    if rng.random() < BIP_COMPLETION:
        event("bip_completion", after(150, 200), BIP)
    else:
        event("bip_termination", after(20, 140), BIP)


def write_batch(
    cases: list[Case], flow: Flow, agency_of: Callable[[Case], list[int]]
) -> dict[str, int]:
    """Insert a batch of cases and everything that happened to them; counts by kind."""
    created = Case.objects.bulk_create(cases)
    Event.objects.bulk_create(
        (
            Event(
                case_id=created[n].pk,
                stage=stage,
                occurred_on=on,
                outcome=outcome,
                agency_id=agency,
                source="import",
            )
            for n, stage, on, outcome, agency in flow.events
        ),
        batch_size=BATCH,
    )
    Order.objects.bulk_create(
        Order(
            case_id=created[n].pk,
            kind="protection_order",
            issued_by_id=agency_of(created[n])[court],
            issued_on=issued,
            served_on=served,
            conditions=["no_contact", "stay_away"],
        )
        for n, issued, served, court in flow.orders
    )
    violations = Violation.objects.bulk_create(
        Violation(
            case_id=created[n].pk,
            kind=kind,
            detected_on=detected,
            reported_by_id=agency_of(created[n])[reporter],
        )
        for n, detected, kind, _, _, reporter in flow.violations
    )
    ViolationResponse.objects.bulk_create(
        ViolationResponse(
            violation_id=violation.pk,
            kind=response,
            responded_on=responded,
            agency_id=agency_of(created[n])[COURT],
        )
        for violation, (n, _, _, responded, response, _) in zip(
            violations, flow.violations, strict=True
        )
        if responded is not None
    )
    return {
        "cases": len(created),
        "events": len(flow.events),
        "orders": len(flow.orders),
        "violations": len(flow.violations),
    }


@synthetic_part
def synthetic_cases(rng: random.Random, scale: SyntheticScale, ctx: SyntheticContext) -> None:
    collaboratives = ctx.ids["collaborative"]
    agencies: dict[int, list[int]] = ctx.ids["agencies_by_collaborative"]
    offenders: list[str] = []
    batch: list[Case] = []
    flow = Flow()

    def agency_of(case: Case) -> list[int]:
        return agencies[case.collaborative_id]

    def flush() -> None:
        nonlocal flow
        for label, count in write_batch(batch, flow, agency_of).items():
            ctx.add_count(label, count)
        batch.clear()
        flow = Flow()

    for n in range(scale.cases):
        collaborative_id = collaboratives[n % len(collaboratives)]
        if offenders and rng.random() < REPEAT_SHARE:
            key = rng.choice(offenders)
        else:
            key = offender_key(agency_code="syn", identifier=f"{ctx.seed}-{n}")
            offenders.append(key)
        opened_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        case_flow(rng, len(batch), opened_on, agencies[collaborative_id], flow)
        batch.append(
            Case(
                collaborative_id=collaborative_id,
                external_ref=f"S{ctx.seed}-{n:07d}",
                lead_agency_id=agencies[collaborative_id][POLICE],
                offender_key=key,
                offender_sex=_pick(rng, OFFENDER_SEX),
                victim_sex=Sex.FEMALE if rng.random() < 0.8 else Sex.MALE,
                primary_aggressor=_pick(rng, AGGRESSOR),
                opened_on=opened_on,
            )
        )
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
