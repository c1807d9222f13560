# ruff: noqa: S608 - SQL built from the literals above and an integer id only
"""The funnel and the measures of one collaborative, hand-written in SQL over the raw rows.

The reference the application is measured against: the same computation (first dates
per case from the events, then histograms of day differences, exits, rate groups,
violation and order intervals, repeat incidents), written once and run on PostgreSQL
and on DuckDB over the same data exported to Parquet. `days(a, b)` is the only
difference between the two dialects. Like the application, it returns small grouped
rows; medians and p90 are then read off them (negligible time).
"""

import datetime
from collections.abc import Callable

MAIN_LINE = (
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
FIRSTS = {
    "incident": "stage = 'incident'",
    "arrest": "stage = 'arrest' AND outcome NOT IN ('none', 'warrant')",
    "charge_filed": "stage = 'charge_filed'",
    "first_appearance": "stage = 'first_appearance'",
    "disposition": "stage = 'disposition'",
    "sentence": "stage = 'sentence'",
    "probation_start": "stage = 'probation_start'",
    "bip_referral": "stage = 'bip_referral'",
    "bip_enrolment": "stage = 'bip_enrolment'",
    "bip_completion": "stage = 'bip_completion'",
}
FLAGS = {
    "dual": "stage = 'arrest' AND outcome = 'dual'",
    "convicted": "stage = 'disposition' AND outcome IN ('convicted_plea', 'convicted_trial')",
    "plea": "stage = 'disposition' AND outcome = 'convicted_plea'",
    "x0": "stage = 'arrest' AND outcome = 'none'",
    "x1": "stage = 'arrest' AND outcome = 'warrant'",
    "x2": "stage = 'charge_declined'",
    "x3": "stage = 'diverted'",
    "x4": "stage = 'disposition' AND outcome = 'dismissed'",
    "x5": "stage = 'disposition' AND outcome = 'acquitted'",
    "x6": "stage = 'bip_termination'",
}
RATE_FLAGS = (
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
CASE_INTERVALS = (
    ("arrest", "disposition"),
    ("charge_filed", "disposition"),
    ("bip_referral", "bip_enrolment"),
)


def postgres_days(a: str, b: str) -> str:
    return f"({b} - {a})"


def duckdb_days(a: str, b: str) -> str:
    return f"date_diff('day', {a}, {b})"


Period = tuple[datetime.date, datetime.date] | None


def _within(column: str, period: Period) -> str:
    """` AND column BETWEEN start AND end` (both ends included), or nothing all time."""
    if period is None:
        return ""
    start, end = period
    return f" AND {column} BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'"


def funnel_and_measures_sql(
    collaborative_id: int, days: Callable[[str, str], str], period: Period = None
) -> str:
    """One statement; rows (part, key, sex, aggressor, n).

    With a period, as in the application: first dates and flags from the events dated
    within it, violations by detection date, orders by issue date, and recidivism for
    the cases whose (all-time) first incident lies within it.
    """
    cid = int(collaborative_id)
    firsts = ",\n".join(
        f"MIN(occurred_on) FILTER (WHERE {cond}) AS {name}" for name, cond in FIRSTS.items()
    )
    flags = ",\n".join(f"BOOL_OR({cond}) AS {name}" for name, cond in FLAGS.items())
    mask = " + ".join(
        f"CASE WHEN {name if name in FLAGS and name != 'bip_completion' else name + ' IS NOT NULL'}"
        f" THEN {1 << bit} ELSE 0 END"
        for bit, name in enumerate(RATE_FLAGS)
    )
    parts = [
        "SELECT 0, CAST(NULL AS INTEGER), NULL, NULL, COUNT(*) FROM pc WHERE incident IS NOT NULL"
    ]
    for i, stage in enumerate(MAIN_LINE[1:], start=1):
        d = days(MAIN_LINE[i - 1], stage)
        parts.append(
            f"SELECT {i}, {d}, NULL, NULL, COUNT(*) FROM pc WHERE {stage} IS NOT NULL GROUP BY {d}"
        )
    parts += [
        f"SELECT {100 + n}, CAST(NULL AS INTEGER), NULL, NULL, COUNT(*) FROM pc WHERE x{n}"
        for n in range(7)
    ]
    parts.append(
        f"SELECT 200, {mask}, sex, aggressor, COUNT(*) FROM pc GROUP BY sex, aggressor, {mask}"
    )
    for k, (a, b) in enumerate(CASE_INTERVALS):
        d = days(a, b)
        parts.append(
            f"SELECT {300 + k}, {d}, sex, aggressor, COUNT(*) FROM pc WHERE {a} IS NOT NULL "
            f"GROUP BY sex, aggressor, {d}"
        )
    vd, od = days("v.detected_on", "r.first_response"), days("o.issued_on", "o.served_on")
    parts.append(
        f"SELECT 400, {vd}, c.offender_sex, c.primary_aggressor, COUNT(*) "
        f"FROM cases_violation v JOIN cases_case c ON c.id = v.case_id "
        f"LEFT JOIN (SELECT violation_id, MIN(responded_on) AS first_response "
        f"FROM cases_violationresponse GROUP BY violation_id) r ON r.violation_id = v.id "
        f"WHERE c.collaborative_id = {cid}{_within('v.detected_on', period)} "
        f"GROUP BY c.offender_sex, c.primary_aggressor, {vd}"
    )
    parts.append(
        f"SELECT 500, {od}, c.offender_sex, c.primary_aggressor, COUNT(*) "
        f"FROM cases_order o JOIN cases_case c ON c.id = o.case_id "
        f"WHERE c.collaborative_id = {cid}{_within('o.issued_on', period)} "
        f"GROUP BY c.offender_sex, c.primary_aggressor, {od}"
    )
    follow, gap = days("f.start", "h.horizon"), days("f.start", "n.next_day")
    repeat = (
        f"(CASE WHEN {follow} >= 365 THEN 1 ELSE 0 END) + "
        f"(CASE WHEN {gap} <= 365 THEN 2 ELSE 0 END) + "
        f"(CASE WHEN {follow} >= 730 THEN 4 ELSE 0 END) + "
        f"(CASE WHEN {gap} <= 730 THEN 8 ELSE 0 END)"
    )
    parts.append(
        f"SELECT 600, {repeat}, f.sex, f.aggressor, COUNT(*) FROM firsts f "
        f"JOIN nexts n ON n.k = f.k AND n.day = f.start CROSS JOIN horizon h "
        f"WHERE f.start IS NOT NULL{_within('f.start', period)} "
        f"GROUP BY f.sex, f.aggressor, {repeat}"
    )
    union = "\nUNION ALL ".join(parts)
    return f"""
WITH ev AS (
    SELECT e.case_id, e.stage, e.occurred_on, e.outcome
    FROM cases_event e JOIN cases_case c ON c.id = e.case_id
    WHERE c.collaborative_id = {cid}{_within("e.occurred_on", period)}
),
per_case AS (
    SELECT case_id,
{firsts},
{flags}
    FROM ev GROUP BY case_id
),
pc AS (
    SELECT p.*, c.offender_sex AS sex, c.primary_aggressor AS aggressor
    FROM per_case p JOIN cases_case c ON c.id = p.case_id
),
inc AS (
    SELECT c.id AS case_id, c.offender_key AS k, c.offender_sex AS sex,
           c.primary_aggressor AS aggressor, e.occurred_on AS day
    FROM cases_event e JOIN cases_case c ON c.id = e.case_id
    WHERE c.collaborative_id = {cid} AND e.stage = 'incident'
),
days_ AS (SELECT DISTINCT k, day FROM inc),
nexts AS (SELECT k, day, LEAD(day) OVER (PARTITION BY k ORDER BY day) AS next_day FROM days_),
horizon AS (SELECT MAX(day) AS horizon FROM days_),
firsts AS (SELECT case_id, k, sex, aggressor, MIN(day) AS start FROM inc
           GROUP BY case_id, k, sex, aggressor)
{union}
"""
