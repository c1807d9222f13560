"""Authentication events from Django and allauth: audit rows and the session list.

Handlers only record; decisions stay in allauth, the middleware and actions.py.
"""

from typing import Any

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from ccrhub.accounts import lockout
from ccrhub.accounts.actions import forget_user_session, start_user_session
from ccrhub.accounts.models import User
from ccrhub.audit import log as audit

# Set on the request by code that signs someone out for a reason (idle, expired, ended).
LOGOUT_REASON_ATTRIBUTE = "ccrhub_logout_reason"


@receiver(auth_signals.user_logged_in, dispatch_uid="ccrhub.accounts.logged_in")
def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    session = request.session
    if not session.session_key:
        session.save()
    assert session.session_key is not None
    with transaction.atomic():
        start_user_session(
            user=user,
            session_key=session.session_key,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        audit.record(actor=user, action="auth.login", target=user)


@receiver(auth_signals.user_logged_out, dispatch_uid="ccrhub.accounts.logged_out")
def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    with transaction.atomic():
        forget_user_session(getattr(request, "session", None) and request.session.session_key)
        if user is not None:
            reason = getattr(request, LOGOUT_REASON_ATTRIBUTE, "")
            audit.record(actor=user, action="auth.logout", target=user, reason=reason)


@receiver(auth_signals.user_login_failed, dispatch_uid="ccrhub.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # No e-mail address in the event: the attempted name may be anyone's, or a typo.
    with transaction.atomic():
        audit.record(
            actor=None, action="auth.login_failed", outcome="denied", details={"step": "password"}
        )


@receiver(mfa_signals.authentication_failed, dispatch_uid="ccrhub.accounts.mfa_failed")
def on_mfa_failed(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    with transaction.atomic():
        audit.record(
            actor=None,
            action="auth.login_failed",
            target=user,
            outcome="denied",
            details={"step": "mfa", "reauthentication": bool(kwargs.get("reauthentication"))},
        )
    if lockout.is_locked(request, lockout.mfa_key(user)):
        lockout.lock_out(request, user)


MFA_ACTIONS = {
    Authenticator.Type.TOTP: ("mfa.activated", "mfa.deactivated"),
    Authenticator.Type.RECOVERY_CODES: ("mfa.recovery_codes_generated", "mfa.deactivated"),
    Authenticator.Type.WEBAUTHN: ("mfa.activated", "mfa.deactivated"),
}


def _record_mfa(user: User, authenticator: Authenticator, action: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=user, action=action, target=user, details={"type": str(authenticator.type)}
        )


@receiver(mfa_signals.authenticator_added, dispatch_uid="ccrhub.accounts.mfa_added")
def on_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    _record_mfa(user, authenticator, MFA_ACTIONS[authenticator.type][0])


@receiver(mfa_signals.authenticator_reset, dispatch_uid="ccrhub.accounts.mfa_reset")
def on_authenticator_reset(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    _record_mfa(user, authenticator, "mfa.recovery_codes_generated")


@receiver(mfa_signals.authenticator_removed, dispatch_uid="ccrhub.accounts.mfa_removed")
def on_authenticator_removed(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    _record_mfa(user, authenticator, MFA_ACTIONS[authenticator.type][1])
