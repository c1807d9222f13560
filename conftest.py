"""Shared fixtures: the personas of STYLE.md, clients signed in as them, fast hashing.

Each area keeps its fixtures in its own module, registered here.
"""

import pytest
from django.core.cache import cache

pytest_plugins = [
    "ccrhub.partners.tests.fixtures",
    "ccrhub.audit.tests.fixtures",
    "ccrhub.lib.tests.browser",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is the production hasher; tests need thousands of hashes, not security.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate-limit counters, lockouts and used TOTP codes live in the cache: each test
    # starts with none, so one test's requests never count against the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings: pytest.FixtureRequest) -> None:
    # The outbox and imports enqueue background tasks; in tests they run at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
