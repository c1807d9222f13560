"""Keyed hashing (HMAC-SHA256) for pseudonymous keys and search terms in the audit trail.

The key is `settings.CCRHUB_HMAC_KEY`, never SECRET_KEY: rotating the session secret
must not change every pseudonymous key. In DEBUG a clearly named development key
stands in (the test suite sets its own); anywhere else a missing key is an error the
moment a hash is needed. Each purpose ("search", "offender", "email", ...) hashes
under its own derived key, so a value hashed for one purpose never matches another.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_HMAC_KEY = "ccrhub-development-hmac-key-NOT-FOR-PRODUCTION"
PURPOSE_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


def _master_key() -> bytes:
    key = settings.CCRHUB_HMAC_KEY
    if not key:
        if not settings.DEBUG:
            raise ImproperlyConfigured(
                "Set CCRHUB_HMAC_KEY (or CCRHUB_HMAC_KEY_FILE): keyed hashes need their own "
                "secret, separate from SECRET_KEY."
            )
        key = DEVELOPMENT_HMAC_KEY
    return key.encode("utf-8")


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of `value` under the key derived for `purpose`, as 64 hex digits."""
    if not PURPOSE_PATTERN.match(purpose):
        raise ValueError("A hash purpose is a short lower-case word such as 'search'.")
    purpose_key = hmac.new(_master_key(), b"ccrhub:" + purpose.encode(), hashlib.sha256).digest()
    return hmac.new(purpose_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def normalise_term(term: str) -> str:
    """The form a search term is hashed in: case-folded, whitespace collapsed."""
    return " ".join(term.casefold().split())
