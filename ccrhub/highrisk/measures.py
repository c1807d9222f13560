"""Measures of a high-risk team and the quarterly MARAC data return.

Volume is compared with the benchmark of 40 cases a year per 10,000 women aged 16 and
over (SafeLives; the national figure was 45, with 32% repeats, in the year to June
2023). Partner views apply the partner disclosure rule of `ccrhub.cases.metrics`
(1–7 hidden, the rest rounded to 5); the coordinator sees exact counts.
"""

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q

from ccrhub.accounts.models import User
from ccrhub.cases.metrics import partner_count
from ccrhub.highrisk.models import Action, ActionStatus, Conference, Referral, TeamSettings
from ccrhub.lib import tabular
from ccrhub.lib.tabular import Table
from ccrhub.partners.models import Collaborative, Sector

BENCHMARK_PER_10K = 40
NATIONAL_REPEAT_RATE = 32
POLICE_SECTORS = (Sector.LAW_ENFORCEMENT,)
DIVERSITY_LABELS = (
    ("victim_minoritised", "Victims from minoritised groups"),
    ("victim_disabled", "Victims with a disability"),
    ("victim_lgbt", "LGBT+ victims"),
    ("victim_male", "Male victims"),
    ("victim_aged_16_17", "Victims aged 16–17"),
    ("perpetrator_under_18", "Perpetrators aged 17 or under"),
)


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + 3
    end = (
        datetime.date(day.year + 1, 1, 1)
        if end_month > 12
        else datetime.date(day.year, end_month, 1)
    ) - datetime.timedelta(days=1)
    return start, end


@dataclass(frozen=True)
class Measures:
    start: datetime.date
    end: datetime.date
    meetings: int
    cases: int | None
    repeats: int | None
    repeat_rate: float | None
    police_referrals: int | None
    partner_referrals: int | None
    children: int | None
    diversity: list[tuple[str, int | None]]
    actions_due: int | None
    actions_complete: int | None
    completion_rate: float | None
    median_days_to_meeting: float | None
    population: int | None
    per_10k_a_year: float | None
    benchmark: int = BENCHMARK_PER_10K
    suppressed: bool = False


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def measures_of(
    collaborative: Collaborative, *, start: datetime.date, end: datetime.date, suppress: bool
) -> Measures:
    """Cases are referrals heard at a conference held in the period."""
    heard = Referral.objects.filter(
        collaborative=collaborative,
        listings__conference__held_on__range=(start, end),
    ).distinct()
    aggregates: dict[str, Any] = {
        "cases": Count("pk", distinct=True),
        "repeats": Count("pk", filter=Q(is_repeat=True), distinct=True),
        "police": Count("pk", filter=Q(referring_agency__sector__in=POLICE_SECTORS), distinct=True),
    }
    for field, _label in DIVERSITY_LABELS:
        aggregates[field] = Count("pk", filter=Q(**{field: True}), distinct=True)
    counts = Referral.objects.filter(pk__in=heard.values("pk")).aggregate(**aggregates)
    children = sum(
        Referral.objects.filter(pk__in=heard.values("pk")).values_list("children_count", flat=True)
    )
    first_heard = Referral.objects.filter(pk__in=heard.values("pk")).annotate(
        first=Min("listings__conference__held_on")
    )
    waits = [(r.first - r.referred_on).days for r in first_heard.only("referred_on")]  # type: ignore[attr-defined]
    actions = Action.objects.filter(
        conference_case__conference__collaborative=collaborative, due_on__range=(start, end)
    )
    due = actions.count()
    complete = actions.filter(status=ActionStatus.COMPLETE).count()
    meetings = Conference.objects.filter(
        collaborative=collaborative, held_on__range=(start, end)
    ).count()
    team = TeamSettings.objects.filter(collaborative=collaborative).first()
    population = team.adult_women_population if team else None
    cases = int(counts["cases"])
    days = (end - start).days + 1
    per_10k = (
        round(cases / population * 10_000 * 365 / days, 1) if population and days > 0 else None
    )

    def shown(n: int) -> int | None:
        return partner_count(n) if suppress else n

    return Measures(
        start=start,
        end=end,
        meetings=meetings,
        cases=shown(cases),
        repeats=shown(int(counts["repeats"])),
        repeat_rate=None
        if suppress and partner_count(cases) is None
        else _rate(int(counts["repeats"]), cases),
        police_referrals=shown(int(counts["police"])),
        partner_referrals=shown(cases - int(counts["police"])),
        children=shown(int(children)),
        diversity=[(label, shown(int(counts[field]))) for field, label in DIVERSITY_LABELS],
        actions_due=shown(due),
        actions_complete=shown(complete),
        completion_rate=None if suppress and partner_count(due) is None else _rate(complete, due),
        median_days_to_meeting=statistics.median(waits) if waits else None,
        population=population,
        per_10k_a_year=per_10k,
        suppressed=suppress,
    )


def data_return_table(measures: Measures, collaborative: Collaborative) -> Table:
    """The quarterly MARAC data return, one measure a row; each row's id is its measure."""
    values: list[tuple[str, Any]] = [
        ("meetings", measures.meetings),
        ("cases_discussed", measures.cases),
        ("repeat_cases", measures.repeats),
        ("repeat_rate_percent", measures.repeat_rate),
        ("referrals_from_police", measures.police_referrals),
        ("referrals_from_partners", measures.partner_referrals),
        ("children_in_households", measures.children),
        *[
            (field, value)
            for (field, _l), (_x, value) in zip(DIVERSITY_LABELS, measures.diversity, strict=True)
        ],
        ("actions_due", measures.actions_due),
        ("actions_complete", measures.actions_complete),
        ("median_days_referral_to_meeting", measures.median_days_to_meeting),
        ("cases_per_10000_adult_women_a_year", measures.per_10k_a_year),
    ]
    rows = [
        [
            collaborative.name,
            measures.start.isoformat(),
            measures.end.isoformat(),
            name,
            "" if value is None else value,
        ]
        for name, value in values
    ]
    return Table(
        name="marac-return",
        header=["team", "period_start", "period_end", "measure", "value"],
        rows=rows,
        row_ids=[name for name, _value in values],
    )


def export_data_return(
    collaborative: Collaborative, *, start: datetime.date, end: datetime.date, actor: User
) -> bytes:
    """The data return as CSV with exact counts (the coordinator's), audited: it is
    the team's figures leaving the system for the national return."""
    result = measures_of(collaborative, start=start, end=end, suppress=False)
    return tabular.export(
        data_return_table(result, collaborative),
        action="highrisk.data_return_exported",
        purpose="Quarterly MARAC data return",
        actor=actor,
        target=collaborative,
        details={"period_start": start.isoformat(), "period_end": end.isoformat()},
    )


# --- Named measures for evaluation (scorecards, the coalition view) ---------------------


def _heard_in(collaborative: Collaborative, period: Any) -> Any:
    return Referral.objects.filter(
        collaborative=collaborative,
        listings__conference__held_on__range=(period.start, period.end),
    ).distinct()


def marac_cases(collaborative: Collaborative, period: Any) -> int:
    """Cases heard: referrals listed at a conference held in the period."""
    return int(_heard_in(collaborative, period).count())


def marac_repeat_rate(collaborative: Collaborative, period: Any) -> tuple[int, int]:
    """Repeats among the cases heard, as (repeats, cases) so disclosure control sees both."""
    heard = _heard_in(collaborative, period)
    return int(heard.filter(is_repeat=True).count()), int(heard.count())


def register_measures() -> None:
    from django.utils.translation import gettext_lazy as _

    from ccrhub.evaluation.registry import MEASURES, register

    if "marac_cases" not in MEASURES:
        register("marac_cases", _("High-risk cases heard"), marac_cases, unit="count")
        register(
            "marac_repeat_rate", _("Repeat share of cases heard"), marac_repeat_rate, unit="share"
        )
