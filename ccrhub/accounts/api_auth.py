"""API authentication: personal bearer tokens, or a browser session that passed MFA."""

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from ccrhub.accounts.middleware import has_mfa
from ccrhub.accounts.models import ApiToken
from ccrhub.accounts.tokens import digest


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            raise exceptions.AuthenticationFailed("Invalid token.")
        api_token = (
            ApiToken.objects.usable().select_related("user").filter(digest=digest(token.strip()))
        ).first()
        if api_token is None:
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user, api_token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class MfaSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, only for users who completed MFA enrolment."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, _ = result
        if not has_mfa(user):
            return None
        return user, None
