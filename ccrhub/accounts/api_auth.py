"""API authentication: personal bearer tokens, or a browser session that passed MFA."""

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from ccrhub.accounts.middleware import has_mfa
from ccrhub.accounts.models import ApiToken
from ccrhub.accounts.tokens import TOKEN_PREFIX, digest

if TYPE_CHECKING:
    from rest_framework.views import APIView

# Raw tokens are "ccr_" and 43 URL-safe characters; anything far off is not looked up.
MAX_TOKEN_LENGTH = 100
READ_ONLY_REFUSAL = _("This token is read-only.")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`: 401 for a missing, forged, expired or revoked
    token or an inactive owner; 403 for a write with a read-only token."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, raw = header.partition(" ")
        raw = raw.strip()
        if keyword != self.keyword or not raw:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        api_token = (
            ApiToken.objects.usable().select_related("user").filter(digest=digest(raw)).first()
        )
        if api_token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if api_token.read_only and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_ONLY_REFUSAL)
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user, api_token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ReadOnlyTokenPermission(permissions.BasePermission):
    """A read-only token may only read. (The authentication already refuses writes;
    this keeps the rule visible in DEFAULT_PERMISSION_CLASSES and in views.)"""

    message = READ_ONLY_REFUSAL

    def has_permission(self, request: Request, view: "APIView") -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.read_only:
            return request.method in permissions.SAFE_METHODS
        return True


class MfaSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session (with CSRF), only for users who completed MFA enrolment."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, _auth = result
        if not has_mfa(user):
            return None
        return user, None
