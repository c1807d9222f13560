"""Every figure of the funnel and the measures as one flat dictionary, from the
application's answers or from the reference rows, so the three computations can be
compared figure by figure: counts, medians, p90, exits, data-quality counts, and every
measure with its numerator, denominator, value, p90 and each breakdown group.

The reference side is defined here from the reference rows (`bench/reference.py`), not
with the application's code, so that a mistake in one is not copied into the other.
Medians and p90 follow the definitions of `ccrhub.cases.metrics` (median of the sorted
values, the mean of the two middle ones for an even count; p90 nearest rank).
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from bench.reference import MAIN_LINE, RATE_FLAGS

Flat = dict[str, Any]
Rows = Iterable[tuple[Any, ...]]

EXITS = (
    ("arrest", "none"),
    ("arrest", "warrant"),
    ("charge_declined", ""),
    ("diverted", ""),
    ("disposition", "dismissed"),
    ("disposition", "acquitted"),
    ("bip_termination", ""),
)
BIT = {name: 1 << n for n, name in enumerate(RATE_FLAGS)}
# Case rates: (denominator flag, numerator flag), both over the rate-mask rows.
CASE_RATES = {
    "arrest_rate": ("incident", "arrest"),
    "dual_arrest_rate": ("incident", "dual"),
    "prosecution_rate": ("arrest", "charge_filed"),
    "conviction_rate": ("arrest", "convicted"),
    "plea_share": ("convicted", "plea"),
    "bip_enrolment_rate": ("bip_referral", "bip_enrolment"),
    "bip_completion_rate": ("bip_referral", "bip_completion"),
}
# Interval measures: the reference part that holds their day histogram.
INTERVALS = {
    "time_to_disposition": 300,
    "time_to_disposition_from_charge": 301,
    "bip_days_to_enrolment": 302,
    "violation_response_days": 400,
    "protection_order_service_days": 500,
}
# Recidivism: the repeat mask of part 600 (followed 1y = 1, repeat 1y = 2, 2y: 4 and 8).
RECIDIVISM = {"recidivism_1y": (1, 2), "recidivism_2y": (4, 8)}
BREAKDOWNS = {"offender_sex": 2, "primary_aggressor": 3}  # column of the reference rows


# --- Statistics, as the application defines them --------------------------------


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _at_rank(histogram: dict[int, int], rank: int) -> int:
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("rank beyond the histogram")


def median(histogram: dict[int, int]) -> int | float | None:
    n = sum(histogram.values())
    if not n:
        return None
    if n % 2:
        return _at_rank(histogram, n // 2 + 1)
    return _tidy((_at_rank(histogram, n // 2) + _at_rank(histogram, n // 2 + 1)) / 2)


def p90(histogram: dict[int, int]) -> int | None:
    n = sum(histogram.values())
    return _at_rank(histogram, max(1, math.ceil(0.9 * n))) if n else None


def share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


# --- The application's answers ----------------------------------------------------


def from_app(funnel: dict[str, Any], measures: dict[str, Any]) -> Flat:
    flat: Flat = {}
    for i, stage in enumerate(funnel["stages"]):
        key = f"funnel.{stage['stage']}"
        flat[f"{key}.count"] = stage["count"]
        if i:
            flat[f"{key}.cases_with_previous"] = stage["cases_with_previous"]
            flat[f"{key}.median"] = stage["median_days_from_previous"]
            flat[f"{key}.p90"] = stage["p90_days_from_previous"]
            flat[f"{key}.negative"] = flat[f"{key}.missing_previous"] = 0
    for finding in funnel["data_quality"]:
        key = f"funnel.{finding['stage']}"
        flat[f"{key}.negative"] = finding["negative_intervals"]
        flat[f"{key}.missing_previous"] = finding["missing_previous"]
    for spec in funnel["exits"]:
        flat[f"exit.{spec['stage']}.{spec['outcome'] or 'any'}"] = spec["count"]
    for measure in measures["measures"]:
        key = f"measure.{measure['name']}"
        _fields(flat, key, measure)
        if measure["name"] in INTERVALS:
            flat[f"{key}.negative"] = 0
        for breakdown, groups in measure["breakdowns"].items():
            for group in groups:
                _fields(flat, f"{key}.{breakdown}.{group['group']}", group)
    for finding in measures["data_quality"]:
        flat[f"measure.{finding['measure']}.negative"] = finding["negative_intervals"]
    return flat


def _fields(flat: Flat, key: str, figure: dict[str, Any]) -> None:
    for field in ("numerator", "denominator", "value", "p90"):
        if field in figure:
            flat[f"{key}.{field}"] = figure[field]


# --- The reference rows -------------------------------------------------------------


def from_reference(rows: Rows, groups: dict[str, list[str]], limit_days: int) -> Flat:
    """The same figures from rows (part, key, sex, aggressor, n); `groups` names the
    groups of each breakdown; `limit_days` the violation response limit."""
    parts: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        parts[int(row[0])].append(tuple(row))
    flat: Flat = {}
    _funnel(flat, parts)
    for n, (stage, outcome) in enumerate(EXITS):
        flat[f"exit.{stage}.{outcome or 'any'}"] = sum(r[4] for r in parts[100 + n])

    def measure(name: str, rows: list[tuple[Any, ...]], figure: Callable[..., Flat]) -> None:
        key = f"measure.{name}"
        flat.update({f"{key}.{k}": v for k, v in figure(rows).items()})
        for breakdown, column in BREAKDOWNS.items():
            for group in groups[breakdown]:
                subset = [r for r in rows if r[column] == group]
                values = figure(subset)
                values.pop("negative", None)
                flat.update({f"{key}.{breakdown}.{group}.{k}": v for k, v in values.items()})

    for name, (base, fact) in CASE_RATES.items():
        measure(name, parts[200], _mask_rate(BIT[base], BIT[base] | BIT[fact]))
    for name, part in INTERVALS.items():
        measure(name, parts[part], _interval)
    measure("violation_response_within_limit", parts[400], _within_limit(limit_days))
    for name, (followed, repeat) in RECIDIVISM.items():
        measure(name, parts[600], _mask_rate(followed, followed | repeat))
    return flat


def _funnel(flat: Flat, parts: dict[int, list[tuple[Any, ...]]]) -> None:
    flat["funnel.incident.count"] = sum(r[4] for r in parts[0])
    for i, stage in enumerate(MAIN_LINE[1:], start=1):
        histogram: dict[Any, int] = defaultdict(int)
        for row in parts[i]:
            histogram[row[1]] += row[4]
        good = {d: n for d, n in histogram.items() if d is not None and d >= 0}
        key = f"funnel.{stage}"
        flat[f"{key}.count"] = sum(histogram.values())
        flat[f"{key}.cases_with_previous"] = sum(good.values())
        flat[f"{key}.median"], flat[f"{key}.p90"] = median(good), p90(good)
        flat[f"{key}.negative"] = sum(n for d, n in histogram.items() if d is not None and d < 0)
        flat[f"{key}.missing_previous"] = histogram.get(None, 0)


def _mask_rate(denominator: int, numerator: int) -> Callable[[list[tuple[Any, ...]]], Flat]:
    def figure(rows: list[tuple[Any, ...]]) -> Flat:
        den = sum(r[4] for r in rows if r[1] & denominator == denominator)
        num = sum(r[4] for r in rows if r[1] & numerator == numerator)
        return {"numerator": num, "denominator": den, "value": share(num, den)}

    return figure


def _interval(rows: list[tuple[Any, ...]]) -> Flat:
    histogram: dict[int, int] = defaultdict(int)
    negative = 0
    for _part, days, _sex, _aggressor, n in rows:
        if days is not None and days >= 0:
            histogram[int(days)] += n
        elif days is not None:
            negative += n
    return {
        "numerator": sum(histogram.values()),
        "denominator": sum(r[4] for r in rows),
        "value": median(histogram),
        "p90": p90(histogram),
        "negative": negative,
    }


def _within_limit(limit: int) -> Callable[[list[tuple[Any, ...]]], Flat]:
    def figure(rows: list[tuple[Any, ...]]) -> Flat:
        den = sum(r[4] for r in rows)
        num = sum(r[4] for r in rows if r[1] is not None and 0 <= r[1] <= limit)
        return {"numerator": num, "denominator": den, "value": share(num, den)}

    return figure


# --- Comparison ---------------------------------------------------------------------


def disagreements(app: Flat, other: Flat, *, show: int = 10) -> list[dict[str, Any]]:
    """The figures that differ (or that only one side has), the first `show` of them."""
    found = [
        {"figure": key, "app": app.get(key), "reference": other.get(key)}
        for key in sorted(set(app) | set(other))
        if _number(app.get(key)) != _number(other.get(key))
    ]
    return found[:show] + ([{"more": len(found) - show}] if len(found) > show else [])


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
