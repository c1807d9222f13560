"""Synthetic cases for benchmarks: `generate_synthetic --cases N` makes N of them."""

import datetime
import random

from ccrhub.cases.actions import offender_key
from ccrhub.cases.models import Case
from ccrhub.partners.demo import SyntheticContext, SyntheticScale, synthetic_part

BATCH = 5000
FIRST_DAY = datetime.date(2023, 1, 1)
DAYS = 3 * 365
# About a third of offenders come back within the period (DOMAIN.md §2: 32% reabuse).
REPEAT_SHARE = 0.32


@synthetic_part
def synthetic_cases(rng: random.Random, scale: SyntheticScale, ctx: SyntheticContext) -> None:
    collaboratives = ctx.ids["collaborative"]
    agencies = ctx.ids["agencies_by_collaborative"]
    offenders: list[str] = []
    batch: list[Case] = []
    for n in range(scale.cases):
        collaborative_id = collaboratives[n % len(collaboratives)]
        if offenders and rng.random() < REPEAT_SHARE:
            key = rng.choice(offenders)
        else:
            key = offender_key(agency_code="syn", identifier=f"{ctx.seed}-{n}")
            offenders.append(key)
        batch.append(
            Case(
                collaborative_id=collaborative_id,
                external_ref=f"S{ctx.seed}-{n:07d}",
                lead_agency_id=rng.choice(agencies[collaborative_id]),
                offender_key=key,
                opened_on=FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS)),
            )
        )
        if len(batch) == BATCH:
            Case.objects.bulk_create(batch)
            batch.clear()
    Case.objects.bulk_create(batch)
    ctx.add_count("cases", scale.cases)
