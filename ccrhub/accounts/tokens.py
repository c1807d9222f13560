"""Making and checking personal API tokens."""

import hashlib
import secrets

TOKEN_PREFIX = "ccr_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
