"""Synthetic data at scale (`generate_synthetic`, `make bench`).

The generator parts run in order with one seeded random generator, so a seed always
makes the same data. This module registers the partners part (collaboratives,
agencies, people and roles); other apps add theirs from a `synthetic` module of
their own (discovered by the command) with `@synthetic_part`.

Synthetic data is an operations script, not a user action: rows are created in bulk
and nothing is audited.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ccrhub.accounts.demo import NO_LOGIN_PASSWORD
from ccrhub.accounts.models import User
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    CollaborativeKind,
    Regime,
    Representative,
    Role,
    Sector,
)


@dataclass(frozen=True)
class SyntheticScale:
    """How much to make for a given number of cases.

    A county CCR sees on the order of 2,000 domestic-violence cases a year, so one
    collaborative per 2,000 cases; each with a dozen agencies of a few people.
    """

    cases: int
    collaboratives: int
    agencies_per_collaborative: int = 12
    users_per_agency: int = 4

    @classmethod
    def for_cases(cls, cases: int) -> "SyntheticScale":
        return cls(cases=cases, collaboratives=max(1, -(-cases // 2000)))


@dataclass
class SyntheticContext:
    """Shared state between parts: what earlier parts made, and the counts to print."""

    seed: int
    # Integer keys of created rows by kind, e.g. "collaborative", "agency", "user",
    # plus mappings later parts need ("agencies_by_collaborative", …).
    ids: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add_count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n


SyntheticPart = Callable[[random.Random, SyntheticScale, SyntheticContext], None]

# The generator parts, run in order by `generate_synthetic`. This module registers
# the partners part; other apps add theirs from a `synthetic` module (discovered by
# the command) with `@synthetic_part`, and run after it in INSTALLED_APPS order.
SYNTHETIC_PARTS: list[SyntheticPart] = []


def synthetic_part(fn: SyntheticPart) -> SyntheticPart:
    if fn not in SYNTHETIC_PARTS:
        SYNTHETIC_PARTS.append(fn)
    return fn


SYNTHETIC_BATCH = 1000
_SYLLABLES = ("ash", "bel", "cor", "dun", "elm", "fair", "glen", "har", "iv", "kel", "lin")
_PLACE_ENDINGS = ("ford", "field", "wood", "mere", "ton", "brook", "dale", "port", "ridge")
_FIRST = (
    "Alex",
    "Amara",
    "Ben",
    "Carla",
    "Chen",
    "Dario",
    "Elena",
    "Farah",
    "Gabe",
    "Hana",
    "Ivan",
    "Jada",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Paula",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zoe",
)
_LAST = (
    "Abbott",
    "Baker",
    "Chavez",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Ortega",
    "Patel",
    "Quist",
    "Rossi",
    "Singh",
    "Tran",
    "Ueda",
    "Vargas",
    "Walsh",
    "Xu",
    "Young",
    "Zamora",
)
# Sectors a synthetic collaborative draws its agencies from, coordinating agency first.
_SYNTHETIC_SECTORS: tuple[tuple[str, str, str], ...] = (
    (Sector.COORDINATION, Regime.COORDINATING, "Family Safety Partnership"),
    (Sector.ADVOCACY, Regime.VSP, "Safe Harbor"),
    (Sector.LAW_ENFORCEMENT, Regime.CRIMINAL_JUSTICE, "Police Department"),
    (Sector.LAW_ENFORCEMENT, Regime.CRIMINAL_JUSTICE, "Sheriff's Office"),
    (Sector.PROSECUTION, Regime.CRIMINAL_JUSTICE, "Prosecutor's Office"),
    (Sector.COURTS, Regime.CRIMINAL_JUSTICE, "District Court"),
    (Sector.PROBATION, Regime.CRIMINAL_JUSTICE, "Probation Department"),
    (Sector.BIP, Regime.COMMUNITY, "Intervention Program"),
    (Sector.HEALTH, Regime.HEALTH, "Regional Hospital"),
    (Sector.CHILD_WELFARE, Regime.CHILD_WELFARE, "Children and Family Services"),
    (Sector.HOUSING, Regime.COMMUNITY, "Housing Authority"),
    (Sector.CULTURALLY_SPECIFIC, Regime.VSP, "Community Alliance"),
    (Sector.MENTAL_HEALTH, Regime.HEALTH, "Behavioral Health"),
    (Sector.SCHOOLS, Regime.COMMUNITY, "School District"),
    (Sector.FAITH, Regime.COMMUNITY, "Interfaith Council"),
    (Sector.LEGAL, Regime.COMMUNITY, "Legal Aid"),
)
_COMMUNITIES = ("Latino", "African American", "Indigenous", "Immigrant", "LGBTQ", "Deaf")


def _place_name(rng: random.Random) -> str:
    return (rng.choice(_SYLLABLES) + rng.choice(_PLACE_ENDINGS)).capitalize()


@synthetic_part
def synthetic_partners(rng: random.Random, scale: SyntheticScale, ctx: SyntheticContext) -> None:
    """Collaboratives (CCR teams), their agencies, memberships, people and roles."""
    tag = f"s{ctx.seed}"
    places = [f"{_place_name(rng)} County {i + 1}" for i in range(scale.collaboratives)]
    collaboratives = Collaborative.objects.bulk_create(
        (
            Collaborative(
                name=f"{place} Coordinated Community Response",
                kind=CollaborativeKind.CCR,
                area=place,
                communities_served=rng.sample(_COMMUNITIES, k=rng.randint(1, 3)),
            )
            for place in places
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    n_agencies = min(scale.agencies_per_collaborative, len(_SYNTHETIC_SECTORS))
    agency_specs = [
        (ci, _SYNTHETIC_SECTORS[ai])
        for ci in range(len(collaboratives))
        for ai in range(n_agencies)
    ]
    agencies = Agency.objects.bulk_create(
        (
            Agency(
                name=f"{places[ci].rsplit(' County', 1)[0]} {label}",
                short_code=f"{tag}-{ci}-{n}",
                sector=sector,
                regime=regime,
                communities=[rng.choice(_COMMUNITIES)]
                if sector == Sector.CULTURALLY_SPECIFIC
                else [],
            )
            for n, (ci, (sector, regime, label)) in enumerate(agency_specs)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    AgencyMembership.objects.bulk_create(
        (
            AgencyMembership(collaborative=collaboratives[ci], agency=agency)
            for (ci, _), agency in zip(agency_specs, agencies, strict=True)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    user_specs: list[tuple[int, Agency, str]] = []  # (collaborative index, agency, role)
    for (ci, (sector, _, _)), agency in zip(agency_specs, agencies, strict=True):
        for k in range(scale.users_per_agency):
            role: str = Role.MEMBER
            if k == 0 and sector == Sector.COORDINATION:
                role = Role.COORDINATOR
            elif k == 0:
                role = Role.AGENCY_ADMIN
            elif sector == Sector.ADVOCACY:
                role = Role.ADVOCATE
            user_specs.append((ci, agency, role))
    users = User.objects.bulk_create(
        (
            User(
                email=f"{tag}.user{n}@synthetic.example",
                full_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                password=NO_LOGIN_PASSWORD,
                agency=agency,
            )
            for n, (_, agency, _) in enumerate(user_specs)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    Representative.objects.bulk_create(
        (
            Representative(collaborative=collaboratives[ci], user=user, role=role)
            for (ci, _, role), user in zip(user_specs, users, strict=True)
        ),
        batch_size=SYNTHETIC_BATCH,
    )
    ctx.ids["collaborative"] = [c.pk for c in collaboratives]
    ctx.ids["agency"] = [a.pk for a in agencies]
    ctx.ids["user"] = [u.pk for u in users]
    by_collaborative: dict[int, list[int]] = {c.pk: [] for c in collaboratives}
    for (ci, _), agency in zip(agency_specs, agencies, strict=True):
        by_collaborative[collaboratives[ci].pk].append(agency.pk)
    ctx.ids["agencies_by_collaborative"] = by_collaborative
    ctx.add_count("collaboratives", len(collaboratives))
    ctx.add_count("agencies", len(agencies))
    ctx.add_count("memberships", len(agencies))
    ctx.add_count("users", len(users))
    ctx.add_count("representatives", len(users))


def synthetic_tag_exists(seed: int) -> bool:
    return Agency.objects.filter(short_code__startswith=f"s{seed}-").exists()


@transaction.atomic
def generate_synthetic(cases: int, seed: int) -> SyntheticContext:
    """Run every registered part with one seeded generator; deterministic by seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    scale = SyntheticScale.for_cases(cases)
    ctx = SyntheticContext(seed=seed)
    for part in list(SYNTHETIC_PARTS):
        part(rng, scale, ctx)
    return ctx
