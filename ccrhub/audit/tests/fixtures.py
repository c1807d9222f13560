"""Fixtures of the audit and encryption area, for every test in the project.

Every test gets its own encryption key ring and HMAC key (the real ones live outside
the database and outside the code). Transactional tests leave audit events behind
that the flush between tests cannot delete (the table is append-only), so they are
removed through the sanctioned retention delete just before the flush.
"""

import contextlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.lib.crypto import generate_keyring

TEST_KEYRING = json.dumps(generate_keyring("test1"))
TEST_HMAC_KEY = "test-only-hmac-key-not-for-production"


@pytest.fixture(autouse=True)
def _encryption_keys(settings: pytest.FixtureRequest) -> None:
    settings.CCRHUB_KEYRING = TEST_KEYRING
    settings.CCRHUB_KEYRING_FILE = ""
    settings.CCRHUB_HMAC_KEY = TEST_HMAC_KEY


@pytest.fixture
def anomaly_rules_run(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> Callable[[], AbstractContextManager[Any]]:
    """`with anomaly_rules_run(): ...` runs the anomaly rules the block's audit events
    queued as the block ends, as the task worker does just after the commit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _audit_events_cleared_after_transactional_tests(
    request: pytest.FixtureRequest,
) -> Iterator[None]:
    if not _is_transactional(request):
        yield
        return
    # Set the database up first, so this teardown runs before its flush.
    request.getfixturevalue("_django_db_helper")
    yield
    from ccrhub.audit.integrity import delete_events_before

    delete_events_before(timezone.now() + timedelta(days=1))


class AuditRefused(Exception):
    """The audit trail could not be written (a full disk, a lost connection)."""


@pytest.fixture
def audit_refused(monkeypatch: pytest.MonkeyPatch) -> Callable[[], AbstractContextManager[None]]:
    """`with audit_refused(): …`: every audit event inside fails to be written, and the
    block must fail with it (what was to be audited does not happen)."""
    from ccrhub.audit import log

    def refuse(**_kwargs: object) -> None:
        raise AuditRefused

    @contextlib.contextmanager
    def refusing() -> Iterator[None]:
        with monkeypatch.context() as patch, pytest.raises(AuditRefused):
            patch.setattr(log, "append_event", refuse)
            yield

    return refusing
