"""Noticing the moment an account's sign-in gets locked, to tell its owner (S16).

allauth counts failed attempts in the cache under the "login_failed" rate limits
(per client and per account). An account is locked when its per-account budget is
spent; allauth then refuses every attempt, right or wrong, before checking the
password, so the failure that spends the budget is the last one we hear of: that is
when we audit and notify, once per lockout.
"""

import time

from allauth.core.internal.ratelimit import apply_rate, get_cache_key, get_rates
from django.core.cache import cache
from django.http import HttpRequest

from ccrhub.accounts.actions import record_lockout
from ccrhub.accounts.models import User

APP = "allauth.account"
ACTION = "login_failed"


def mfa_key(user: User) -> str:
    """The key allauth's MFA forms count failed codes under."""
    return f"mfa-auth-user-{user.pk}"


def is_locked(request: HttpRequest, key: str) -> bool:
    """True when the per-account failure budget for `key` is spent."""
    now = time.time()
    for rate in get_rates(app=APP, action=ACTION):
        if rate.per != "key":
            continue
        cache_key = get_cache_key(request, app=APP, action=ACTION, rate=rate, key=key)
        allowed, _history = apply_rate(list(cache.get(cache_key, [])), now, rate, dry_run=True)
        if not allowed:
            return True
    return False


def lock_out(request: HttpRequest, user: User) -> None:
    """Audit the lockout and tell the account's owner by e-mail."""
    from allauth.account.adapter import get_adapter

    record_lockout(user)
    get_adapter(request).send_mail(
        "account/email/account_locked", user.email, {"user": user, "request": request}
    )
