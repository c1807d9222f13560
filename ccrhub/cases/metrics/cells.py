"""Reading the maintained cells (`ccrhub.cases.aggregates`) for a collaborative and period.

All time, a figure is the sum of the collaborative's cells. Over a period the figures
are those of the events dated within it, case by case; the cells are dated by each
case's first event, so summing the cells of the period's days is exact for every
case whose events all lie inside the period or all outside. The others — the cases
whose events straddle an end — are corrected: their all-time contributions (counted
in the sum when their first event is inside) are taken out, and the contributions of
their events within the period, computed from those events, are put in. The number
of queries does not depend on the amount of data.
"""

import datetime
from typing import Any

from django.db import connection

from ccrhub.cases import aggregates, stage_firsts
from ccrhub.cases.metrics.definitions import Period
from ccrhub.partners.models import Collaborative

CellRow = tuple[int, str, str, int | None, int]  # kind, sex, aggressor, value, n


def _day_range(column: str, period: Period) -> tuple[str, list[datetime.date]]:
    sql, params = "", []
    if period.start is not None:
        sql += f" AND {column} >= %s"
        params.append(period.start)
    if period.end is not None:
        sql += f" AND {column} <= %s"
        params.append(period.end)
    return sql, params


def _straddling(period: Period) -> tuple[str, list[Any]]:
    """SQL over stored rows: a case with events on both sides of an end of the period."""
    outside, params = [], []
    if period.start is not None:
        outside.append("first_event < %s")
        params.append(period.start)
    if period.end is not None:
        outside.append("last_event > %s")
        params.append(period.end)
    inside, inside_params = _day_range("last_event", Period(period.start, None))
    overlap, overlap_params = _day_range("first_event", Period(None, period.end))
    return (
        f"({' OR '.join(outside)}){inside}{overlap}",
        [*params, *inside_params, *overlap_params],
    )


def case_cells(
    collaborative: Collaborative, period: Period, kinds: list[aggregates.Kind]
) -> list[CellRow]:
    """The summed cells of these kinds: (kind, sex, aggressor, value, n), in one query.

    `value` is None where the cells say MISSING.
    """
    codes = ", ".join(str(kind.code) for kind in kinds)
    days, day_params = _day_range("day", period)
    parts = [
        f"SELECT kind, offender_sex, primary_aggressor, value, n FROM {aggregates.CELLS} "  # noqa: S608
        f"WHERE collaborative_id = %s AND kind IN ({codes}){days}"
    ]
    params: list[Any] = [collaborative.pk, *day_params]
    ctes = []
    if period != Period():
        straddle, straddle_params = _straddling(period)
        stored = f"SELECT * FROM {stage_firsts.TABLE} WHERE collaborative_id = %s"  # noqa: S608
        within, within_params = _day_range("occurred_on", period)
        straddlers = f"SELECT case_id FROM ({stored}) s WHERE {straddle}"  # noqa: S608
        inside = stage_firsts.aggregate_sql(f"case_id IN ({straddlers}){within}", with_next=False)
        ctes.append(f"inside AS ({inside})")
        params_ctes: list[Any] = [collaborative.pk, *straddle_params, *within_params]
        parts += _cell_parts("inside", kinds, sign=1)
        if period.end is not None:
            # Counted in the sum with all their events: taken out again.
            first_inside, first_params = _day_range("first_event", period)
            ctes.append(f"counted AS ({stored}{first_inside} AND last_event > %s)")
            params_ctes += [collaborative.pk, *first_params, period.end]
            parts += _cell_parts("counted", kinds, sign=-1)
        params = [*params_ctes, *params]
    return _summed_cells(ctes, parts, params)


def _summed_cells(ctes: list[str], parts: list[str], params: list[Any]) -> list[CellRow]:
    """Run the parts (kind, sex, aggressor, value, n) after the CTEs; sum them per cell."""
    with_ctes = f"WITH {', '.join(ctes)} " if ctes else ""
    sql = (
        f"{with_ctes}SELECT kind, offender_sex, primary_aggressor, value, SUM(n) FROM ("  # noqa: S608
        f"{' UNION ALL '.join(parts)}) AS cells "
        "GROUP BY kind, offender_sex, primary_aggressor, value HAVING SUM(n) <> 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (kind, sex, aggressor, None if value == aggregates.MISSING else value, int(n))
            for kind, sex, aggressor, value, n in cursor.fetchall()
        ]


def _cell_parts(source: str, kinds: list[aggregates.Kind], *, sign: int) -> list[str]:
    return [
        f"SELECT kind, offender_sex, primary_aggressor, value, n FROM ({part}) AS p"  # noqa: S608
        for part in aggregates.contribution_parts(source, kinds, sign=sign)
    ]


def recidivism_cells(collaborative: Collaborative, period: Period) -> list[tuple[Any, ...]]:
    """Cases whose first incident lies in the period, grouped by sex, determination and
    the four flags (followed 1y, repeat 1y, followed 2y, repeat 2y), with `n` each.

    Followed: the case's whole window lies before the latest incident on record (the
    data's horizon). Repeat: the offender's next incident comes within the window.
    """
    vendor = connection.vendor
    follow = aggregates.days_sql("day", "h.horizon", vendor)
    value = "value"
    flags = [
        f"{follow} >= 365",
        f"{value} <> {aggregates.MISSING} AND {value} <= 365",
        f"{follow} >= 730",
        f"{value} <> {aggregates.MISSING} AND {value} <= 730",
    ]
    cases = ", ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END" for sql in flags)
    days, day_params = _day_range("day", period)
    sql = (
        f"WITH h AS (SELECT MAX(day) AS horizon FROM (SELECT day FROM {aggregates.CELLS} "  # noqa: S608
        f"WHERE collaborative_id = %s AND kind = {aggregates.HORIZON} "
        f"GROUP BY day HAVING SUM(n) > 0) AS t), "
        f"flagged (offender_sex, primary_aggressor, f1, r1, f2, r2, n) AS ("
        f"SELECT offender_sex, primary_aggressor, {cases}, n FROM {aggregates.CELLS} "
        f"CROSS JOIN h WHERE collaborative_id = %s AND kind = {aggregates.RECIDIVISM}{days}) "
        f"SELECT * FROM (SELECT offender_sex, primary_aggressor, f1, r1, f2, r2, SUM(n) AS n "
        f"FROM flagged "
        f"GROUP BY offender_sex, primary_aggressor, f1, r1, f2, r2) AS g WHERE n <> 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [collaborative.pk, collaborative.pk, *day_params])
        return list(cursor.fetchall())


def case_cells_from_events(
    collaborative: Collaborative, period: Period, kinds: list[aggregates.Kind]
) -> list[CellRow]:
    """`case_cells` computed from scratch from the events of the period (for checks)."""
    within, within_params = _day_range("occurred_on", period)
    source = stage_firsts.aggregate_sql(f"c.collaborative_id = %s{within}", with_next=False)
    parts = _cell_parts("inside", kinds, sign=1)
    return _summed_cells([f"inside AS ({source})"], parts, [collaborative.pk, *within_params])
