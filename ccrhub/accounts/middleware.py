"""Session lifetime (S17) and the MFA gate (S14), enforced on every request."""

from collections.abc import Callable
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ccrhub.lib.middleware import is_public_path

Handler = Callable[[HttpRequest], HttpResponse]

STARTED_KEY = "ccrhub_started_at"
SEEN_KEY = "ccrhub_seen_at"

# Paths a signed-in user without MFA may still reach: enrolment, logout, static files.
MFA_ENROLMENT_PREFIXES = (
    "/accounts/2fa/totp/activate",
    "/accounts/2fa/recovery-codes",
    "/accounts/reauthenticate",
    "/accounts/logout",
    "/static/",
)


def idle_limit_for(request: HttpRequest) -> timedelta:
    from ccrhub.partners.queries import handles_survivor_data

    minutes = settings.SESSION_IDLE_MINUTES
    if handles_survivor_data(request.user):
        minutes = min(minutes, settings.SESSION_IDLE_MINUTES_SURVIVOR_ROLES)
    return timedelta(minutes=minutes)


class SessionLifetimeMiddleware:
    """Ends a session after idle time (30 min, 15 for survivor-data roles) or 10 hours."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> bool:
        now = timezone.now()
        session = request.session
        started = session.get(STARTED_KEY)
        seen = session.get(SEEN_KEY)
        if started is None or seen is None:
            session[STARTED_KEY] = session[SEEN_KEY] = now.timestamp()
            return False
        too_old = now.timestamp() - started > settings.SESSION_ABSOLUTE_HOURS * 3600
        too_idle = now.timestamp() - seen > idle_limit_for(request).total_seconds()
        if too_old or too_idle:
            return True
        session[SEEN_KEY] = now.timestamp()
        return False


def has_mfa(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMfaMiddleware:
    """A signed-in user without a TOTP authenticator reaches only the enrolment pages."""

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
