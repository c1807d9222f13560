"""`Idempotency-Key` on API writes (API.md): a retried request gets the first answer.

The same key with the same request replays the stored answer, marked
`Idempotent-Replayed: true`; the same key with a different request is a 409, and so is
a retry that arrives while the first is still being handled. Keys are scoped to the
credential that sent them and kept for a day. A server error is not stored, so the
client may retry it.
"""

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from ccrhub.accounts.models import IdempotentRequest

KEEP_FOR = timedelta(hours=24)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROBLEM = "application/problem+json"
BOUNDARY = re.compile(rb"boundary=([^;\s]+)")


def _conflict(detail: str) -> JsonResponse:
    body = {"type": "about:blank", "title": "Conflict", "status": 409, "detail": detail}
    return JsonResponse(body, status=409, content_type=PROBLEM)


def _scope(request: HttpRequest) -> str | None:
    credential = request.headers.get("Authorization") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME, ""
    )
    return hashlib.sha256(credential.encode()).hexdigest() if credential else None


def _fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path, query and body. A multipart
    body's boundary is random per send, so it is taken out before hashing."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    content_type = request.META.get("CONTENT_TYPE", "").encode()
    if limit is not None and length > limit:
        # Too large to hold twice in memory: its size and type stand for it.
        digest.update(BOUNDARY.sub(b"", content_type) + str(length).encode())
        return digest.hexdigest()
    body = request.body
    if match := BOUNDARY.search(content_type):
        body = body.replace(match.group(1).strip(b'"'), b"")
    digest.update(body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key", "")
        scope = _scope(request)
        if not key or not scope or request.method not in WRITE_METHODS:
            return self.get_response(request)
        if not request.path.startswith("/api/v1/") or len(key) > 255:
            return self.get_response(request)
        return self._once(request, scope, key)

    def _once(self, request: HttpRequest, scope: str, key: str) -> HttpResponse:
        fingerprint = _fingerprint(request)
        IdempotentRequest.objects.filter(
            scope=scope, key=key, created_at__lt=timezone.now() - KEEP_FOR
        ).delete()
        try:
            with transaction.atomic():
                entry = IdempotentRequest.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            return self._replay(scope, key, fingerprint)
        response = self.get_response(request)
        if response.status_code >= 500 or response.status_code == 401:
            entry.delete()
            return response
        IdempotentRequest.objects.filter(pk=entry.pk).update(
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=bytes(response.content) if not response.streaming else b"",
        )
        return response

    def _replay(self, scope: str, key: str, fingerprint: str) -> HttpResponse:
        first = IdempotentRequest.objects.filter(scope=scope, key=key).first()
        if first is None or first.fingerprint != fingerprint:
            return _conflict("This Idempotency-Key was used for a different request.")
        if first.status is None:
            return _conflict("A request with this Idempotency-Key is still being handled.")
        replay = HttpResponse(
            bytes(first.body), status=first.status, content_type=first.content_type
        )
        replay["Idempotent-Replayed"] = "true"
        return replay
