"""Per-client rate limits for the public area: the search, the report and the HSDS API.

One counter per client address and scope, in fixed windows, in Django's cache (Redis
when REDIS_URL is set, so every app server counts together). The address is read under
the trusted-proxy rule (`client_address`) and enters the cache key only as a keyed
hash. Nothing is set on the client: no cookie, no token; a visitor over the limit gets
429 with Retry-After. Limits are in `settings.CCRHUB_RATE_LIMITS` as "count/period".

Pages use `@rate_limited("<scope>")`; API views name a throttle class from here.
"""

import functools
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from ccrhub.lib import errors
from ccrhub.lib.hashing import keyed_hash

RATE = re.compile(
    r"^\s*(?P<count>\d+)\s*/\s*(?P<period>s|sec|second|m|min|minute|h|hour|d|day)\s*$"
)
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """A limit as "count/period": "60/min" is 60 requests a minute (s, min, h or day)."""
    match = RATE.match(text)
    if match is None or int(match["count"]) < 1:
        raise ImproperlyConfigured(f"A rate limit reads like '60/min', not {text!r}.")
    return Rate(int(match["count"]), PERIOD_SECONDS[match["period"][0]])


def rate_of(scope: str) -> Rate:
    return parse_rate(settings.CCRHUB_RATE_LIMITS[scope])


def client_address(request: HttpRequest | Request) -> str:
    """The client's address under the trusted-proxy rule (TRUSTED_PROXY_COUNT).

    With no trusted proxy, REMOTE_ADDR: an X-Forwarded-For header is then the client's
    own word and ignored. Behind n proxies, each appending the address it saw, the n-th
    entry from the right is the one our outermost proxy saw; whatever a client wrote to
    the left of it is ignored. The same rule as allauth's and DRF's (NUM_PROXIES).
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))] or remote


def hit(scope: str, request: HttpRequest | Request) -> int | None:
    """Count one request of this client in `scope`: None while under the limit, else the
    seconds until the window ends (for Retry-After)."""
    rate = rate_of(scope)
    now = time.time()
    window = int(now // rate.seconds)
    client = keyed_hash(client_address(request), purpose="rate-limit")
    key = f"ccrhub:rate:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: this is the window's first request
        cache.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


SCOPES = ("public_search", "public_report", "hsds")


def check_rate_limits(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check: every scope has a limit, and each reads as "count/period"."""
    problems: list[checks.CheckMessage] = []
    configured = settings.CCRHUB_RATE_LIMITS
    for scope in SCOPES:
        if scope not in configured:
            problems.append(
                checks.Error(f"CCRHUB_RATE_LIMITS has no limit for '{scope}'.", id="ccrhub.E101")
            )
    for scope, text in configured.items():
        try:
            parse_rate(text)
        except ImproperlyConfigured as refused:
            problems.append(
                checks.Error(f"CCRHUB_RATE_LIMITS['{scope}']: {refused}", id="ccrhub.E102")
            )
    return problems


View = Callable[..., HttpResponse]


def rate_limited(scope: str) -> Callable[[View], View]:
    """A page view limited per client in `scope`; over the limit, a plain 429 page in the
    page's language, with Retry-After (and, on a public page, no cookie)."""
    rate_of(scope)  # an unknown scope or a malformed rate fails at import, not per request

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wait = hit(scope, request)
            if wait is not None:
                return errors.too_many_requests(request, retry_after=wait)
            return view(request, *args, **kwargs)

        return limited

    return decorate


class ClientRateThrottle(BaseThrottle):
    """DRF's door to the same counters: per client address, never per cookie or session."""

    scope = ""

    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.retry_after = hit(self.scope, request)
        return self.retry_after is None

    def wait(self) -> float | None:
        return self.retry_after


class HsdsThrottle(ClientRateThrottle):
    scope = "hsds"


class PublicReportThrottle(ClientRateThrottle):
    scope = "public_report"
