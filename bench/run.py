"""`make bench`: synthetic data at scale, then every figure side by side, as one JSON document.

    BENCH_EVENTS=1000000 .venv/bin/python bench/run.py

Environment: BENCH_EVENTS (default 1,000,000), BENCH_DB (default `bench`; dropped and
recreated), BENCH_PG (server, default postgres://postgres@127.0.0.1:5432),
BENCH_LOAD_SECONDS (default 30; 0 skips the load test), BENCH_IMPORT_ROWS (default
100,000). Progress goes to standard error; the JSON to standard output and to
var/bench.json. See docs/performance.md for what each figure means.
"""

import csv
import json
import math
import os
import random
import shutil
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

from bench import funnel, imports, pages, report  # noqa: E402

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
        # One set of planner settings for every connection (the application, the
        # hand-written reference, gunicorn's workers): no JIT compilation, whose cost
        # on these statements was paid by the reference only.
        conn.execute(f'ALTER DATABASE "{DB}" SET jit = off')


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
            .earliest("pk")
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


def search_time(client: Any) -> float:
    """A reference prefix search on /cases/ (its count and first page): the generator's
    references are `S<batch>-<seven digits>`, so `S1-00012` matches ten cases."""

    def search() -> None:
        response = client.get("/cases/", {"reference": "S1-00012"})
        assert response.status_code == 200 and b'id="case-results"' in response.content

    return timed(search, 15)


def police_of(world: World) -> Any:
    from ccrhub.partners.models import Agency

    agencies = world.ctx.ids["agencies_by_collaborative"][world.collaborative.pk]
    return Agency.objects.get(pk=agencies[2])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_figures(world: World, client: Any, token: str) -> dict[str, Any]:
    """16 clients for LOAD_SECONDS against gunicorn; p50/p95/p99 and errors from locust."""
    from ccrhub.cases.models import Case

    if LOAD_SECONDS <= 0:
        return {"clients": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "errors": None}
    cases = list(
        Case.objects.filter(collaborative=world.collaborative)
        .order_by("?")
        .values_list("public_id", flat=True)[:200]
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        return _run_load(world, client, token, cases, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_load(world: World, client: Any, token: str, cases: list[Any], workdir: Path) -> dict:
    port = free_port()
    env = {**os.environ, **ENV}
    env.pop("DEBUG", None)
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


def _brief(document: dict[str, Any]) -> dict[str, Any]:
    keys = ("app_ms", "sql_ms", "duckdb_ms", "figures_compared", "agree")
    brief = {key: document[key] for key in keys}
    brief["quarter"] = {key: document["quarter"][key] for key in keys}
    return brief


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
    search_ms = search_time(client)
    say(f"reference prefix search at {events:,} events: {search_ms} ms")
    scaling = {
        "small_events": small_events,
        "large_events": events,
        "list_small_ms": small["page_ms"],
        "list_large_ms": large["page_ms"],
        "api_list_small_ms": small["api_ms"],
        "api_list_large_ms": large["api_ms"],
        "api_ratio": report.ratio(large["api_ms"], small["api_ms"]),
        "search_ms": search_ms,
    }
    say("funnel and measures: application, hand-written SQL, DuckDB (all time, a quarter)")
    funnel_document = funnel.funnel_figures(world.collaborative)
    say(f"  {_brief(funnel_document)}")
    police = police_of(world)
    say(f"import of {IMPORT_ROWS:,} rows: application vs COPY (bare table, real tables)")
    imports_document = imports.import_figures(
        world.collaborative, world.coordinator, police, IMPORT_ROWS
    )
    say(f"  {imports_document}")
    say("scorecard and public report, each after a new event")
    pages.set_up_reporting(world.collaborative, world.coordinator)
    reports = pages.report_figures(world.collaborative, world.coordinator, police, client)
    say(f"  {reports}")
    say(f"load: {CLIENTS} clients for {LOAD_SECONDS}s against gunicorn")
    load = load_figures(world, client, token)
    say(f"  p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, errors {load['errors']}")
    document = report.build(
        events=events,
        funnel=funnel_document,
        imports=imports_document,
        reports=reports,
        load=load,
        scaling=scaling,
        extra={"seconds": round(time.perf_counter() - STARTED, 1), "cpus": os.cpu_count()},
    )
    text = json.dumps(document, indent=2)
    (ROOT / "var" / "bench.json").write_text(text + "\n")
    print(text)
    say("the targets (keys of the issue):")
    for key, value in report.target_lines(document):
        say(f"  {key} = {value}")
    say("done; also written to var/bench.json")


if __name__ == "__main__":
    main()
