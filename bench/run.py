# ruff: noqa: S608 - SQL built from table names in this file and temporary paths only
"""`make bench`: synthetic data at scale, then every figure side by side, as one JSON document.

    BENCH_EVENTS=1000000 .venv/bin/python bench/run.py

Environment: BENCH_EVENTS (default 1,000,000), BENCH_DB (default `bench`; dropped and
recreated), BENCH_PG (server, default postgres://postgres@127.0.0.1:5432),
BENCH_LOAD_SECONDS (default 30; 0 skips the load test), BENCH_IMPORT_ROWS (default
100,000). Progress goes to standard error; the JSON to standard output and to
var/bench.json. See docs/performance.md for what each figure means.
"""

import csv
import io
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import reference, report  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
DB = os.environ.get("BENCH_DB", "bench")
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SMALL_EVENTS = 10_000
CLIENTS = 16
EVENTS_PER_CASE = 3.1  # the synthetic flows' average (measured; see ccrhub.cases.synthetic)

ENV = {
    "DATABASE_URL": f"{SERVER}/{DB}",
    "SECRET_KEY": "bench-only-secret-key-not-for-production",
    "CCRHUB_HMAC_KEY": "bench-only-hmac-key-not-for-production-0123456789abcdef",
    "HTTPS": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "CCRHUB_KEYRING_FILE": str(ROOT / "var" / "bench-keyring.json"),
}
STARTED = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of `repeat` runs in ms, after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def setup_django() -> None:
    os.environ.update(ENV)
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccrhub.settings")
    (ROOT / "var").mkdir(exist_ok=True)
    import django
    from django.core.management import call_command

    if not Path(ENV["CCRHUB_KEYRING_FILE"]).exists():
        subprocess.run(
            [sys.executable, "manage.py", "ensure_demo_keyring"],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "1"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    django.setup()
    call_command("migrate", verbosity=0)


# --- Data --------------------------------------------------------------------------


class World:
    """The bench collaborative, its coordinator, and the generator's state."""

    def __init__(self) -> None:
        from ccrhub.cases.synthetic import synthetic_cases
        from ccrhub.partners.synthetic import SyntheticContext, SyntheticScale, synthetic_partners

        self.rng = random.Random(1)  # noqa: S311 - reproducible fake data
        self.ctx = SyntheticContext(seed=1)
        synthetic_partners(self.rng, SyntheticScale(cases=1, collaboratives=1), self.ctx)
        self.synthetic_cases = synthetic_cases
        self.scale = SyntheticScale
        self.context = SyntheticContext
        self.batches = 0
        from ccrhub.partners.models import Collaborative, Representative, Role

        self.collaborative = Collaborative.objects.get(pk=self.ctx.ids["collaborative"][0])
        self.coordinator = (
            Representative.objects.filter(collaborative=self.collaborative, role=Role.COORDINATOR)
            .select_related("user")
            .first()
            .user
        )

    def events(self) -> int:
        from ccrhub.cases.models import Event

        return Event.objects.count()

    def grow_to(self, events: int) -> None:
        """Add synthetic cases (batches with seeds of their own) until about `events`."""
        from django.db import connection, transaction

        while (have := self.events()) < events * 0.995:
            cases = max(1, math.ceil((events - have) / EVENTS_PER_CASE))
            self.batches += 1
            ctx = self.context(seed=self.batches, ids=self.ctx.ids)
            with transaction.atomic():
                self.synthetic_cases(self.rng, self.scale(cases=cases, collaboratives=1), ctx)
            say(f"  {self.events():,} events")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- Figures -----------------------------------------------------------------------


def logged_in_client(world: World) -> Any:
    from allauth.mfa.models import Authenticator
    from django.test import Client

    if not Authenticator.objects.filter(user=world.coordinator).exists():
        from ccrhub.accounts.demo import activate_totp

        activate_totp([(world.coordinator, "JBSWY3DPEHPK3PXP")])
    client = Client()
    client.force_login(world.coordinator)
    return client


def api_token(world: World) -> str:
    from ccrhub.accounts.actions import create_api_token

    _, raw = create_api_token(world.coordinator, name="bench", read_only=True, days=1, actor=None)
    return str(raw)


def list_times(client: Any, token: str) -> dict[str, float]:
    def page() -> None:
        assert client.get("/cases/").status_code == 200

    def api() -> None:
        response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200

    return {"page_ms": timed(page, 15), "api_ms": timed(api, 15)}


def funnel_figures(world: World) -> dict[str, Any]:
    from django.db import connection

    from ccrhub.cases.metrics import funnel, measures

    collaborative = world.collaborative

    def app() -> None:
        funnel(collaborative)
        measures(collaborative)

    app_ms = timed(app, 5)
    funnel_ms = timed(lambda: funnel(collaborative), 5)
    sql = reference.funnel_and_measures_sql(collaborative.pk, reference.postgres_days)

    def hand() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    sql_ms = timed(hand, 3)
    # The two computations agree (stage counts of the funnel).
    rows = hand()
    hand_counts = [sum(r[4] for r in rows if r[0] == i) for i in range(len(reference.MAIN_LINE))]
    app_counts = [s["count"] for s in funnel(collaborative)["stages"]]
    duck_ms, duck_counts = duckdb_figures(collaborative.pk)
    return {
        "app_ms": app_ms,
        "app_funnel_only_ms": funnel_ms,
        "duckdb_ms": duck_ms,
        "sql_ms": sql_ms,
        "agree": hand_counts == app_counts == duck_counts,
    }


def duckdb_figures(collaborative_id: int) -> tuple[float, list[int]]:
    """Export the tables to Parquet (not timed), then time the same SQL in DuckDB."""
    import duckdb
    from django.db import connection

    tables = {
        "cases_case": "id, collaborative_id, offender_key, offender_sex, primary_aggressor",
        "cases_event": "id, case_id, stage, occurred_on, outcome",
        "cases_order": "id, case_id, issued_on, served_on",
        "cases_violation": "id, case_id, detected_on",
        "cases_violationresponse": "id, violation_id, responded_on",
    }
    folder = Path(tempfile.mkdtemp(prefix="bench-parquet-"))
    duck = duckdb.connect()
    raw = connection.connection
    for table, columns in tables.items():
        path = folder / f"{table}.csv"
        with (
            raw.cursor() as cursor,
            path.open("wb") as out,
            cursor.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT WITH CSV HEADER") as cp,
        ):
            for block in cp:
                out.write(block)
        duck.execute(
            f"COPY (SELECT * FROM read_csv_auto('{path}', header=true)) "
            f"TO '{folder / table}.parquet' (FORMAT PARQUET)"
        )
        duck.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{folder / table}.parquet')"
        )
        path.unlink()
    sql = reference.funnel_and_measures_sql(collaborative_id, reference.duckdb_days)
    ms = timed(lambda: duck.execute(sql).fetchall(), 3)
    rows = duck.execute(sql).fetchall()
    counts = [sum(r[4] for r in rows if r[0] == i) for i in range(len(reference.MAIN_LINE))]
    duck.close()
    return ms, counts


def import_figures(world: World) -> dict[str, Any]:
    """100,000 canonical rows through the real import path vs COPY into a bare table."""
    from django.core.files.base import ContentFile
    from django.db import connection

    from ccrhub.cases.imports import create_job, run_import
    from ccrhub.cases.models import ImportStatus

    agencies = world.ctx.ids["agencies_by_collaborative"][world.collaborative.pk]
    from ccrhub.partners.models import Agency

    police = Agency.objects.get(pk=agencies[2]).short_code
    stages = [("incident", ""), ("arrest", "single"), ("charge_filed", "")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_ref", "offender_ref", "stage", "occurred_on", "agency", "outcome"])
    rows = []
    for n in range(IMPORT_ROWS):
        stage, outcome = stages[n % 3]
        day = f"2025-{1 + (n // 3) % 12:02d}-{1 + n % 3:02d}"
        rows.append((f"IMP-{n // 3:07d}", f"P-{n // 3}", stage, day, police, outcome))
    writer.writerows(rows)
    data = out.getvalue().encode()

    start = time.perf_counter()
    job = create_job(
        collaborative=world.collaborative,
        upload=ContentFile(data, name="bench.csv"),
        actor=world.coordinator,
    )
    job = run_import(str(job.public_id))
    app_s = time.perf_counter() - start
    assert job.status == ImportStatus.COMPLETED, job.errors[:3]

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (case_ref text, offender_ref text, stage text, "
            "occurred_on date, agency text, outcome text)"
        )
        start = time.perf_counter()
        with cursor.cursor.copy("COPY bench_bare FROM STDIN WITH CSV HEADER") as cp:
            cp.write(data)
        copy_s = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_bare")
    return {
        "rows": IMPORT_ROWS,
        "app_rows_per_s": round(IMPORT_ROWS / app_s),
        "copy_rows_per_s": round(IMPORT_ROWS / copy_s),
        "app_s": round(app_s, 2),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_figures(world: World, client: Any, token: str) -> dict[str, Any]:
    """16 clients for LOAD_SECONDS against gunicorn; p50/p95/p99 and errors from locust."""
    from ccrhub.cases.models import Case

    if LOAD_SECONDS <= 0:
        return {"clients": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "errors": None}
    port = free_port()
    env = {**os.environ, **ENV}
    env.pop("DEBUG", None)
    cases = list(
        Case.objects.filter(collaborative=world.collaborative)
        .order_by("?")
        .values_list("public_id", flat=True)[:200]
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    (workdir / "targets.json").write_text(
        json.dumps(
            {
                "token": token,
                "session": client.cookies["sessionid"].value,
                "cases": [str(c) for c in cases],
                "collaborative": str(world.collaborative.public_id),
            }
        )
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "ccrhub.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        # Ready when every worker has booted and answers (a few requests warm them).
        deadline, answered = time.monotonic() + 120, 0
        while answered < 12 and time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/cases/",
                    headers={"Authorization": f"Bearer {token}"},
                )
                with urllib.request.urlopen(request, timeout=30):  # noqa: S310
                    answered += 1
            except OSError:
                time.sleep(0.5)
        subprocess.run(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(CLIENTS),
                "-r",
                str(CLIENTS),
                "-t",
                f"{LOAD_SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "BENCH_TARGETS": str(workdir / "targets.json")},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    with (workdir / "load_stats.csv").open() as f:
        stats = list(csv.DictReader(f))
    total = next(row for row in stats if row["Name"] == "Aggregated")
    per_endpoint = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }
        for row in stats
        if row["Name"] != "Aggregated"
    }
    return {
        "clients": CLIENTS,
        "seconds": LOAD_SECONDS,
        "requests": int(total["Request Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "errors": int(total["Failure Count"]),
        "endpoints": per_endpoint,
    }


def main() -> None:
    say(f"bench: {EVENTS:,} events in database {DB!r}")
    recreate_database()
    setup_django()
    world = World()
    world.grow_to(min(SMALL_EVENTS, EVENTS))
    client, token = logged_in_client(world), api_token(world)
    small_events = world.events()
    small = list_times(client, token)
    say(f"list pages at {small_events:,} events: {small}")
    world.grow_to(EVENTS)
    events = world.events()
    large = list_times(client, token)
    say(f"list pages at {events:,} events: {large}")
    scaling = {
        "small_events": small_events,
        "large_events": events,
        "list_small_ms": small["page_ms"],
        "list_large_ms": large["page_ms"],
        "api_list_small_ms": small["api_ms"],
        "api_list_large_ms": large["api_ms"],
        "api_ratio": report.ratio(large["api_ms"], small["api_ms"]),
    }
    say("funnel and measures: application, hand-written SQL, DuckDB")
    funnel = funnel_figures(world)
    say(f"  {funnel}")
    say(f"import of {IMPORT_ROWS:,} rows: application vs COPY")
    imports = import_figures(world)
    say(f"  {imports}")
    say(f"load: {CLIENTS} clients for {LOAD_SECONDS}s against gunicorn")
    load = load_figures(world, client, token)
    say(f"  p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, errors {load['errors']}")
    document = report.build(
        events=events,
        funnel=funnel,
        imports=imports,
        load=load,
        scaling=scaling,
        extra={"seconds": round(time.perf_counter() - STARTED, 1), "cpus": os.cpu_count()},
    )
    text = json.dumps(document, indent=2)
    (ROOT / "var" / "bench.json").write_text(text + "\n")
    print(text)
    say("done; also written to var/bench.json")


if __name__ == "__main__":
    main()
