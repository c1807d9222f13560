"""The stage model of offender accountability, kept as data.

Two variants ship in `ccrhub/cases/data/`: the United States (default) and England
and Wales. Both use the same canonical stage codes, so imports, the API and the
measures speak one language whatever the labels say; what differs is the wording,
which agency sectors record a stage and which orders exist (DVPN→DVPO, DAPN→DAPO).
`settings.JURISDICTION` chooses the variant ("us" → US, "uk" → England and Wales).

Stage facts: DOMAIN.md §2 of the project brief.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"
VARIANT_FILES = {"us": "stages_us.json", "uk": "stages_ew.json"}


def violation_response_days() -> int:
    """Days a violation may wait for a response before it shows as a gap."""
    return settings.CCRHUB_VIOLATION_RESPONSE_DAYS


def bip_enrolment_days() -> int:
    """Days from BIP referral to enrolment before the referral shows as a gap."""
    return settings.CCRHUB_BIP_ENROLMENT_DAYS


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    exit: bool = False  # e.g. a dismissed disposition leaves the main line


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    order: int
    main_line: int | None  # position on the funnel's main line, 1-based
    exit: bool  # a branch off the main line (charge declined, diverted, BIP terminated)
    outcomes: tuple[Outcome, ...]
    sectors: frozenset[str]  # agency sectors that record this stage

    @property
    def outcome_codes(self) -> tuple[str, ...]:
        return tuple(outcome.code for outcome in self.outcomes)

    def is_exit_outcome(self, outcome: str) -> bool:
        return any(o.code == outcome and o.exit for o in self.outcomes)


@dataclass(frozen=True)
class OrderKindSpec:
    kind: str
    label: str
    sectors: frozenset[str]
    follows: str = ""  # the notice or temporary order this order usually follows


@dataclass(frozen=True)
class StageModel:
    jurisdiction: str
    name: str
    stages: tuple[Stage, ...]
    orders: tuple[OrderKindSpec, ...]

    def by_code(self) -> dict[str, Stage]:
        return {s.code: s for s in self.stages}


def _stage(row: dict[str, Any]) -> Stage:
    return Stage(
        code=row["code"],
        label=row["label"],
        order=int(row["order"]),
        main_line=row.get("main_line"),
        exit=bool(row.get("exit", False)),
        outcomes=tuple(
            Outcome(o["code"], o["label"], bool(o.get("exit", False)))
            for o in row.get("outcomes", [])
        ),
        sectors=frozenset(row.get("sectors", [])),
    )


@lru_cache(maxsize=4)
def load(jurisdiction: str) -> StageModel:
    """Read one variant from its JSON file, once per process."""
    path = DATA_DIR / VARIANT_FILES[jurisdiction]
    data = json.loads(path.read_text(encoding="utf-8"))
    stages = tuple(sorted((_stage(row) for row in data["stages"]), key=lambda s: s.order))
    orders = tuple(
        OrderKindSpec(o["kind"], o["label"], frozenset(o.get("sectors", [])), o.get("follows", ""))
        for o in data.get("orders", [])
    )
    return StageModel(data["jurisdiction"], data["name"], stages, orders)


def model() -> StageModel:
    """The variant of this installation."""
    return load(settings.JURISDICTION)


@lru_cache(maxsize=4)
def _index(jurisdiction: str) -> dict[str, Stage]:
    return load(jurisdiction).by_code()


def _stages_by_code() -> dict[str, Stage]:
    return _index(settings.JURISDICTION)


def stages() -> tuple[Stage, ...]:
    """Every stage, in the model's order."""
    return model().stages


def is_stage(code: str) -> bool:
    return code in _stages_by_code()


def stage(code: str) -> Stage:
    """The stage with this canonical code; KeyError for an unknown code."""
    return _stages_by_code()[code]


def main_line() -> tuple[str, ...]:
    """The funnel's main line, in order: incident → … → bip_completion."""
    on_line = [s for s in stages() if s.main_line is not None]
    return tuple(s.code for s in sorted(on_line, key=lambda s: s.main_line or 0))


def exits() -> tuple[str, ...]:
    """Stages that branch off the main line."""
    return tuple(s.code for s in stages() if s.exit)


def is_valid_outcome(code: str, outcome: str) -> bool:
    """An outcome is optional; when given it must be one the stage allows."""
    if not is_stage(code):
        return False
    return outcome == "" or outcome in stage(code).outcome_codes


def stages_for_sector(sector: str) -> tuple[Stage, ...]:
    return tuple(s for s in stages() if sector in s.sectors)


def order_kinds() -> tuple[OrderKindSpec, ...]:
    return model().orders


def order_kind(kind: str) -> OrderKindSpec:
    """The order kind of this jurisdiction; KeyError for one it does not have."""
    return {o.kind: o for o in order_kinds()}[kind]


def label(code: str) -> str:
    """A stage's label, or the code itself for one the model does not know."""
    found = _stages_by_code().get(code)
    return found.label if found else code


def outcome_label(code: str, outcome: str) -> str:
    found = _stages_by_code().get(code)
    for o in found.outcomes if found else ():
        if o.code == outcome:
            return o.label
    return outcome
