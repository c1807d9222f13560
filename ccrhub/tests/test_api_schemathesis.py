"""Schemathesis over /api/v1/: the API answers as its OpenAPI document says.

The seeded demo county (`manage.py seed_demo`, as `make run` loads it) is the data;
signed-in personas send the requests, each with a personal token. Schemathesis reads
the document the API serves and runs its phases (examples, coverage, fuzzing and the
stateful links) with every check: no server error, no answer outside the documented
status codes, content types, headers and schemas, invalid input refused, valid input
accepted, authentication not ignored. Examples are bounded and seeded, so a run is
repeatable and takes a minute or two.

The requests go over HTTP to the live test server (pytest-django's `live_server`), as
to a deployment: its thread reads committed data, so the test is transactional.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler
from rest_framework.throttling import UserRateThrottle
from schemathesis.engine import events, from_schema

from ccrhub.accounts.demo import PERSONAS_BY_KEY
from ccrhub.accounts.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.fresh_database]

# Fuzzed examples per operation and phase; the coverage phase adds its own,
# deterministic set of boundary and negative cases on top.
EXAMPLES = 8
SEED = 14


@dataclass(frozen=True)
class Failure:
    operation: str
    check: str
    title: str
    message: str
    reproduce: str

    def __str__(self) -> str:
        return f"{self.operation} — {self.check}: {self.title}\n{self.message}\n{self.reproduce}"


@pytest.fixture
def seeded_demo(settings: Any) -> None:
    # seed_demo refuses to run without DEBUG (its logins have published passwords).
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False


@pytest.fixture(autouse=True)
def _no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    # One token sends thousands of requests here; the throttle is tested on its own.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1000000/min"})


@pytest.fixture(autouse=True)
def _answers_sent_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test server writes an answer's head and body apart; with Nagle's algorithm on,
    # each answer then waits for a delayed ACK (some 40 ms), four times the answer itself.
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)


CONFIG = {
    "seed": SEED,
    "workers": 1,
    # Each run stands alone: nothing is kept between runs (or written to the checkout).
    "cache": {"enabled": False},
    "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
    "checks": {
        "enabled": True,
        # A body the document allows can still break a rule of the domain that JSON
        # Schema cannot state: an outcome valid only after some stages, an agency
        # outside the sectors that record a stage, a status that only moves forward,
        # minutes approved before they exist, a date outside 1900-2199. Those answer 400
        # (422 for a refused file) naming the field; every other check keeps its
        # defaults, and a server error still fails not_a_server_error.
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429"]
        },
    },
}


# Who sends the requests, and the phases each runs. The coordinator reaches most
# operations and gets every phase. An advocate reaches the survivor and risk operations
# the coordinator may not; the coverage phase's malformed input would meet the same
# validation a second time, so the advocate runs without it.
PERSONAS = {
    "coordinator": {},
    "advocate": {"coverage": {"enabled": False}},
}


def run(base_url: str, token: str, phases: dict[str, Any]) -> Iterator[Failure]:
    # One connection per request: none is left open for the test server's thread to
    # close after the test has handed its database connection back.
    headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
    settings = {**CONFIG, "base-url": base_url, "headers": headers, "phases": phases}
    config = schemathesis.Config.from_dict(settings)
    schema = schemathesis.openapi.from_url(
        f"{base_url}/api/v1/schema/?format=json", config=config, headers=headers
    )
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        yield Failure(
                            operation=event.recorder.label,
                            check=check.name,
                            title=failure.title,
                            message=failure.message,
                            reproduce=check.failure_info.code_sample,
                        )
        elif isinstance(event, events.NonFatalError):
            yield Failure(event.label, "error", type(event.value).__name__, str(event.value), "")
        elif isinstance(event, events.FatalError):
            raise event.exception


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_answers_as_the_document_says(
    persona: str, seeded_demo: None, api_as: Any, live_server: Any
) -> None:
    user = User.objects.get(email=PERSONAS_BY_KEY[persona].email)
    token = api_as(user).token
    failures = list(dict.fromkeys(run(live_server.url, token, PERSONAS[persona])))
    # One line per operation and check, with a curl command to reproduce it.
    first = {(f.operation, f.check): f for f in reversed(failures)}
    assert not first, "\n\n".join(str(f) for f in first.values())
