"""Fixtures of the audit and encryption area, for every test in the project.

Every test gets its own encryption key ring and HMAC key (the real ones live outside
the database and outside the code). Transactional tests leave audit events behind
that the flush between tests cannot delete (the table is append-only), so they are
removed through the sanctioned retention delete just before the flush.
"""

import json
from collections.abc import Iterator
from datetime import timedelta

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
