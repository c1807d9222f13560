"""Session lifetime (S17) and the MFA gate (S14), enforced on every request."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ccrhub.accounts.models import User, UserSession
from ccrhub.accounts.sessions import session_digest
from ccrhub.accounts.signals import LOGOUT_REASON_ATTRIBUTE
from ccrhub.lib.middleware import is_public_path

Handler = Callable[[HttpRequest], HttpResponse]

# Paths a signed-in user without MFA may still reach: enrolment (an authenticator app or
# a security key), logout, static files.
MFA_ENROLMENT_PREFIXES = (
    "/accounts/2fa/totp/activate",
    "/accounts/2fa/webauthn/add",
    "/accounts/2fa/recovery-codes",
    "/accounts/reauthenticate",
    "/accounts/logout",
    "/static/",
)

# Writes are kept rare: a session's last-seen time at most once a minute, the
# account's (which drives the dormant-account rule) at most once an hour.
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
USER_TOUCH_INTERVAL = timedelta(hours=1)


def idle_limit_for(request: HttpRequest) -> timedelta:
    from ccrhub.partners.queries import handles_survivor_data

    minutes = settings.SESSION_IDLE_MINUTES
    if handles_survivor_data(request.user):
        minutes = min(minutes, settings.SESSION_IDLE_MINUTES_SURVIVOR_ROLES)
    return timedelta(minutes=minutes)


class SessionLifetimeMiddleware:
    """Signs out a session that was ended, idle too long (30 min, 15 for survivor-data
    roles) or started too long ago (10 hours), and keeps last-seen times.

    A session counts only while its UserSession row exists, so ending a session,
    deactivating a user or the 10-hour limit takes effect on the very next request.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = self._check(request)
            if reason:
                setattr(request, LOGOUT_REASON_ATTRIBUTE, reason)
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> str:
        """The reason to end this session now, or "" to let it go on."""
        key = request.session.session_key
        row = (
            UserSession.objects.filter(
                key_digest=session_digest(key), user=cast(User, request.user)
            )
            .only("pk", "created_at", "last_seen_at")
            .first()
            if key
            else None
        )
        if row is None:
            return "ended"
        now = timezone.now()
        if now - row.created_at > timedelta(hours=settings.SESSION_ABSOLUTE_HOURS):
            return "expired"
        if now - row.last_seen_at > idle_limit_for(request):
            return "idle"
        if now - row.last_seen_at >= SESSION_TOUCH_INTERVAL:
            UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        self._touch_user(cast(User, request.user), now)
        return ""

    @staticmethod
    def _touch_user(user: User, now: datetime) -> None:
        if user.last_seen_at is None or now - user.last_seen_at >= USER_TOUCH_INTERVAL:
            User.objects.filter(pk=user.pk).update(last_seen_at=now)
            user.last_seen_at = now


SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_mfa(user: object) -> bool:
    """An authenticator app or a security key (recovery codes alone are a fallback)."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class RequireMfaMiddleware:
    """A signed-in user without a second factor reaches only the enrolment pages.

    The API is left to MfaSessionAuthentication, which refuses such a session (401/403)
    rather than redirecting a program to an HTML page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            request.user.is_authenticated
            and not path.startswith(MFA_ENROLMENT_PREFIXES)
            and not is_public_path(path)
            and not path.startswith("/api/")
            and not has_mfa(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
