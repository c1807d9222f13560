"""Load and concurrency (S31): 50 clients for a minute, reading and writing at once.

Against a live server on PostgreSQL: no answer is a 5xx, every write that was
acknowledged is in the database (and nothing that was not), and two people editing
the same case with the same version never both win — the second gets 409.
Marked `load`: it runs in the full suite on PostgreSQL; LOAD_SECONDS shortens it.
"""

import datetime
import http.client
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import connection
from rest_framework.throttling import UserRateThrottle

from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case, Event

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

CLIENTS = 50
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    # Events are identified by case, stage and date: the set acknowledged is what must exist.
    events_acknowledged: set[tuple[str, str]] = field(default_factory=set)
    patches_won: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    both_won: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


# The test server's listen queue is short: a burst of fifty connections can be reset
# before a request is read. Clients retry, as real ones do; a write carries an
# Idempotency-Key, so a retry never counts twice. A request that fails every time
# answers 599, which the test counts as a server error.
RETRIES = 3
UNREACHABLE = 599


def call(base: str, token: str, method: str, path: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    key = uuid.uuid4().hex
    for attempt in range(RETRIES):
        request = urllib.request.Request(base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token}")
        request.add_header("Content-Type", "application/json")
        if method != "GET":
            request.add_header("Idempotency-Key", key)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None
        except (ConnectionError, http.client.HTTPException, urllib.error.URLError):
            time.sleep(0.1 * (attempt + 1))
    return UNREACHABLE, None


def race_one_case(base: str, token: str, case_id: str, tally: Tally) -> None:
    """Two editors read the same version and both send it back: exactly one may win."""
    status, body = call(base, token, "GET", f"/api/v1/cases/{case_id}")
    if status != 200:
        return
    results: list[int] = []

    def edit(number: str) -> None:
        results.append(
            call(
                base,
                token,
                "PATCH",
                f"/api/v1/cases/{case_id}",
                {"agency_case_number": number, "version": body["version"]},
            )[0]
        )

    editors = [threading.Thread(target=edit, args=(f"N-{n}",)) for n in (1, 2)]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join()
    with tally.lock:
        tally.statuses.update(results)
        tally.patches_won[case_id] += results.count(200)
        tally.conflicts += results.count(409)
        tally.both_won += results.count(200) == 2


def client_loop(base: str, token: str, case_ids: list[str], stop: float, tally: Tally) -> None:
    rng = random.Random()
    while time.monotonic() < stop:
        roll, case_id = rng.random(), rng.choice(case_ids)
        if roll < 0.5:
            status, _ = call(base, token, "GET", "/api/v1/cases/?page_size=50")
        elif roll < 0.7:
            status, _ = call(base, token, "GET", f"/api/v1/cases/{case_id}/events")
        elif roll < 0.9:
            day = (datetime.date(2000, 1, 1) + datetime.timedelta(rng.randrange(9000))).isoformat()
            status, _ = call(
                base,
                token,
                "POST",
                f"/api/v1/cases/{case_id}/events",
                {"stage": "police_response", "occurred_on": day},
            )
            if status in (200, 201):
                with tally.lock:
                    tally.events_acknowledged.add((case_id, day))
        else:
            race_one_case(base, token, case_id, tally)
            continue
        with tally.lock:
            tally.statuses[status] += 1


@pytest.fixture
def unthrottled(monkeypatch):
    # The per-user limit protects production; here fifty clients share one officer.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1000000/min"})


def test_fifty_clients_for_a_minute_lose_nothing(live_server, personas, api_as, unthrottled):
    if connection.vendor != "postgresql":
        pytest.skip("the load test measures the production engine, PostgreSQL")
    cases = [
        open_case(
            personas.ccr,
            external_ref=f"LOAD-{n}",
            offender_ref=f"P-{n}",
            opened_on=datetime.date(2026, 3, 2),
            actor=personas.police_officer,
        )
        for n in range(20)
    ]
    case_ids = [str(case.public_id) for case in cases]
    token = api_as(personas.police_officer).token
    events_before = Event.objects.count()
    tally = Tally()
    stop = time.monotonic() + SECONDS

    clients = [
        threading.Thread(target=client_loop, args=(live_server.url, token, case_ids, stop, tally))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()

    server_errors = {code: n for code, n in tally.statuses.items() if code >= 500}
    assert server_errors == {}
    assert tally.statuses[200] > 0 and tally.events_acknowledged
    assert Event.objects.count() - events_before == len(tally.events_acknowledged)
    assert tally.both_won == 0
    for case in Case.objects.filter(public_id__in=case_ids):
        assert case.version == 1 + tally.patches_won[str(case.public_id)]


def test_the_same_event_sent_at_once_by_many_makes_one_event(
    live_server, personas, api_as, unthrottled
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need the production engine, PostgreSQL")
    case = open_case(
        personas.ccr,
        external_ref="SAME-1",
        offender_ref="P-1",
        opened_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )
    token = api_as(personas.police_officer).token
    path = f"/api/v1/cases/{case.public_id}/events"
    body = {"stage": "police_response", "occurred_on": "2026-03-03"}
    statuses: list[int] = []
    start = threading.Barrier(12)

    def send() -> None:
        start.wait()
        statuses.append(call(live_server.url, token, "POST", path, body)[0])

    senders = [threading.Thread(target=send) for _ in range(12)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert all(status in (200, 201) for status in statuses), statuses
    assert case.events.filter(stage="police_response").count() == 1
