"""Shared fixtures: the personas of STYLE.md, clients signed in as them, fast hashing."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is the production hasher; tests need thousands of hashes, not security.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
