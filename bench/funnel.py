"""Funnel and measures: the application, the hand-written SQL and DuckDB, all time and for
one quarter, timed in interleaved rounds and compared figure by figure.

Each round runs the three in a rotating order, so that a slow moment of the machine
(another process, a checkpoint) falls on each of them alike; the figures are the medians
over the rounds, after one warm-up run each (the warm-up answers are the ones compared).
The application and the hand-written SQL run on the same connection, so with the same
planner settings (the bench database sets `jit = off` for every connection).
"""

import datetime
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench import duck, figures, reference

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PLANNER_SETTINGS = ("jit", "work_mem", "max_parallel_workers_per_gather", "random_page_cost")


def planner_settings(connection: Any) -> dict[str, str]:
    with connection.cursor() as cursor:
        found = {}
        for name in PLANNER_SETTINGS:
            cursor.execute(f"SHOW {name}")
            found[name] = cursor.fetchone()[0]
        return found


def quarter_of_the_data(collaborative_id: int) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter holding the midpoint of the collaborative's event dates."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(e.occurred_on), MAX(e.occurred_on) FROM cases_event e "
            "JOIN cases_case c ON c.id = e.case_id WHERE c.collaborative_id = %s",
            [collaborative_id],
        )
        first, last = cursor.fetchone()
    middle = first + (last - first) / 2
    start = datetime.date(middle.year, 3 * ((middle.month - 1) // 3) + 1, 1)
    month = start.month + 3
    after = datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


def _interleaved(contestants: dict[str, Callable[[], Any]]) -> tuple[dict[str, Any], dict]:
    """(warm-up answer per contestant, median ms per contestant) over ROUNDS rounds."""
    answers = {name: run() for name, run in contestants.items()}
    names = list(contestants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(ROUNDS):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            contestants[name]()
            times[name].append((time.perf_counter() - start) * 1000)
    return answers, {name: round(statistics.median(t), 1) for name, t in times.items()}


def _compared(collaborative: Any, period: Any, duck_connection: Any) -> dict[str, Any]:
    from django.db import connection

    from ccrhub.cases.metrics import Period, funnel, measures

    app_period = Period(*period) if period else None
    pg_sql = reference.funnel_and_measures_sql(collaborative.pk, reference.postgres_days, period)
    duck_sql = reference.funnel_and_measures_sql(collaborative.pk, reference.duckdb_days, period)

    def hand() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(pg_sql)
            return list(cursor.fetchall())

    answers, ms = _interleaved(
        {
            "app": lambda: (
                funnel(collaborative, period=app_period),
                measures(collaborative, period=app_period),
            ),
            "sql": hand,
            "duckdb": lambda: duck_connection.execute(duck_sql).fetchall(),
        }
    )
    app_funnel, app_measures = answers["app"]
    app = figures.from_app(app_funnel, app_measures)
    groups = {
        breakdown: [group["group"] for group in entries]
        for breakdown, entries in app_measures["measures"][0]["breakdowns"].items()
    }
    limit = app_measures["violation_response_limit_days"]
    differ = {
        name: figures.disagreements(app, figures.from_reference(answers[name], groups, limit))
        for name in ("sql", "duckdb")
    }
    return {
        "app_ms": ms["app"],
        "sql_ms": ms["sql"],
        "duckdb_ms": ms["duckdb"],
        "figures_compared": len(app),
        "agree": not differ["sql"] and not differ["duckdb"],
        "disagreements": differ,
    }


def funnel_figures(collaborative: Any) -> dict[str, Any]:
    """All-time figures at the top level, the quarter's under `quarter`."""
    from django.db import connection

    from ccrhub.cases.metrics import funnel

    connection.ensure_connection()
    quarter = quarter_of_the_data(collaborative.pk)
    with duck.parquet_copy(connection.connection) as duck_connection:
        all_time = _compared(collaborative, None, duck_connection)
        in_quarter = _compared(collaborative, quarter, duck_connection)
    funnel_only = []
    for _ in range(3):
        start = time.perf_counter()
        funnel(collaborative)
        funnel_only.append((time.perf_counter() - start) * 1000)
    return {
        **all_time,
        "app_funnel_only_ms": round(statistics.median(funnel_only), 1),
        "rounds": ROUNDS,
        "planner": planner_settings(connection),
        "quarter": {"start": quarter[0].isoformat(), "end": quarter[1].isoformat(), **in_quarter},
    }
