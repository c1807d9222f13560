"""What the figures mean: the main line, the exits, the measures and their references.

Data only (and the period a figure covers); the funnel, the measures and the trends
read the maintained aggregates (`ccrhub.cases.aggregates`) with these definitions.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from ccrhub.cases.models import PrimaryAggressor, Sex

# The funnel's main line (API.md: the order of `stages` in /api/v1/metrics/funnel).
MAIN_LINE: tuple[str, ...] = (
    "incident",
    "arrest",
    "charge_filed",
    "first_appearance",
    "disposition",
    "sentence",
    "probation_start",
    "bip_enrolment",
    "bip_completion",
)

NO_ARREST_OUTCOMES = ("none", "warrant")
CONVICTED_OUTCOMES = ("convicted_plea", "convicted_trial")
# Events at a stage that do not mean the case reached it: an arrest event recording
# that nobody was arrested (or that a warrant was issued) is an exit, not an arrest.
NOT_REACHED: dict[str, tuple[str, ...]] = {"arrest": NO_ARREST_OUTCOMES}


def reached(stage: str) -> Q:
    """The events that put a case at `stage`."""
    q = Q(stage=stage)
    if stage in NOT_REACHED:
        q &= ~Q(outcome__in=NOT_REACHED[stage])
    return q


@dataclass(frozen=True)
class ExitSpec:
    """A branch off the main line: cases leave between `after` and `before`."""

    stage: str
    outcome: str  # "" for any outcome
    after: str
    before: str

    def condition(self) -> Q:
        q = Q(stage=self.stage)
        return q & Q(outcome=self.outcome) if self.outcome else q


EXITS: tuple[ExitSpec, ...] = (
    ExitSpec("arrest", "none", after="incident", before="arrest"),
    ExitSpec("arrest", "warrant", after="incident", before="arrest"),
    ExitSpec("charge_declined", "", after="arrest", before="charge_filed"),
    ExitSpec("diverted", "", after="arrest", before="charge_filed"),
    ExitSpec("disposition", "dismissed", after="disposition", before="sentence"),
    ExitSpec("disposition", "acquitted", after="disposition", before="sentence"),
    ExitSpec("bip_termination", "", after="bip_enrolment", before="bip_completion"),
)


@dataclass(frozen=True)
class Period:
    start: datetime.date | None = None
    end: datetime.date | None = None

    def filter(self, field: str) -> Q:
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lte": self.end})
        return q


# ---------------------------------------------------------------------------

# Published reference values (domain notes §2), as data: `value` when a number exists.
REFERENCES: dict[str, dict[str, Any]] = {
    "arrest_rate": {
        "value": 0.50,
        "text": "About 50% of intimate-partner incidents",
        "source": "NIBRS 2000",
    },
    "dual_arrest_rate": {
        "value": 0.02,
        "text": "About 2% of incidents; 7–8% of arrests",
        "source": "Published studies of dual arrest",
    },
    "prosecution_rate": {
        "value": 0.638,
        "text": "Mean 63.8% of arrests charged",
        "source": "Review of 120 studies",
    },
    "conviction_rate": {
        "value": None,
        "text": "Under half of arrests",
        "source": "Published attrition studies",
    },
    "plea_share": {
        "value": None,
        "text": "Seek convictions, avoid plea agreements, proceed without victim testimony",
        "source": "Seed 001 (essential elements of a CCR)",
    },
    "time_to_disposition": {
        "value": None,
        "text": "No benchmark; sure and swift consequences",
        "source": "Blueprint for safety",
    },
    "time_to_disposition_from_charge": {
        "value": None,
        "text": "No benchmark; sure and swift consequences",
        "source": "Blueprint for safety",
    },
    "bip_enrolment_rate": {"value": None, "text": "No benchmark", "source": ""},
    "bip_completion_rate": {
        "value": 0.50,
        "text": "Non-completion mostly about 50% (25–89%)",
        "source": "Published BIP studies",
    },
    "bip_days_to_enrolment": {"value": None, "text": "No benchmark", "source": ""},
    "violation_response_days": {
        "value": None,
        "text": "No national standard; act on all violations immediately",
        "source": "Seed 001",
    },
    "violation_response_within_limit": {
        "value": None,
        "text": "No national standard; act on all violations immediately",
        "source": "Seed 001",
    },
    "protection_order_service_days": {
        "value": None,
        "text": "Set by the collaborative",
        "source": "",
    },
    "recidivism_1y": {
        "value": 0.32,
        "text": "32% reabuse within 1 year",
        "source": "Quincy cohort",
    },
    "recidivism_2y": {"value": None, "text": "No published figure here", "source": ""},
}

Row = dict[str, Any]
BREAKDOWNS: dict[str, tuple[str, list[str]]] = {
    "offender_sex": ("sex", list(Sex.values)),
    "primary_aggressor": ("aggressor", list(PrimaryAggressor.values)),
}


@dataclass(frozen=True)
class RateSpec:
    name: str
    rows: str  # which rows: "cases", "violations", "orders", "recidivism"
    denominator: Callable[[Row], bool]
    numerator: Callable[[Row], bool]


@dataclass(frozen=True)
class IntervalSpec:
    name: str
    rows: str
    start: str
    end: str


def _has(*names: str) -> Callable[[Row], bool]:
    return lambda row: all(row[n] for n in names)


def _within_limit(row: Row) -> bool:
    days = row["days"]
    return days is not None and 0 <= days <= response_limit_days()


def response_limit_days() -> int:
    return settings.CCRHUB_VIOLATION_RESPONSE_DAYS


MEASURES: tuple[RateSpec | IntervalSpec, ...] = (
    RateSpec("arrest_rate", "cases", _has("incident"), _has("incident", "arrest")),
    RateSpec("dual_arrest_rate", "cases", _has("incident"), _has("incident", "dual")),
    RateSpec("prosecution_rate", "cases", _has("arrest"), _has("arrest", "charge_filed")),
    RateSpec("conviction_rate", "cases", _has("arrest"), _has("arrest", "convicted")),
    RateSpec("plea_share", "cases", _has("convicted"), _has("convicted", "plea")),
    IntervalSpec("time_to_disposition", "cases", "arrest", "disposition"),
    IntervalSpec("time_to_disposition_from_charge", "cases", "charge_filed", "disposition"),
    RateSpec(
        "bip_enrolment_rate", "cases", _has("bip_referral"), _has("bip_referral", "bip_enrolment")
    ),
    RateSpec(
        "bip_completion_rate", "cases", _has("bip_referral"), _has("bip_referral", "bip_completion")
    ),
    IntervalSpec("bip_days_to_enrolment", "cases", "bip_referral", "bip_enrolment"),
    IntervalSpec("violation_response_days", "violations", "detected_on", "first_response"),
    RateSpec("violation_response_within_limit", "violations", lambda r: True, _within_limit),
    IntervalSpec("protection_order_service_days", "orders", "issued_on", "served_on"),
    RateSpec("recidivism_1y", "recidivism", _has("followed_1y"), _has("followed_1y", "repeat_1y")),
    RateSpec("recidivism_2y", "recidivism", _has("followed_2y"), _has("followed_2y", "repeat_2y")),
)


# The per-case facts the case measures read, and how each is true in SQL.
CASE_DATES = ("incident", "arrest", "charge_filed", "disposition", "bip_referral", "bip_enrolment")
CASE_COUNTS = ("dual", "convicted", "plea", "bip_completion")
CASE_FLAGS = (
    "incident",
    "arrest",
    "dual",
    "charge_filed",
    "convicted",
    "plea",
    "bip_referral",
    "bip_enrolment",
    "bip_completion",
)


# The stored exit flags (`CaseStageFirst.exit_*`), in the order of EXITS.
STORED_EXITS: tuple[str, ...] = (
    "exit_arrest_none",
    "exit_arrest_warrant",
    "exit_charge_declined",
    "exit_diverted",
    "exit_dismissed",
    "exit_acquitted",
    "exit_bip_termination",
)

# The key stages followed month by month.
TREND_STAGES: tuple[str, ...] = ("incident", "arrest", "charge_filed", "disposition")
