"""Every change to accounts, sessions and tokens: atomic, audited, with a named actor."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import ApiToken, User, UserSession
from ccrhub.accounts.sessions import browser_family, session_digest
from ccrhub.accounts.tokens import digest, new_token
from ccrhub.audit import log as audit

DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365

# --- Sessions ---------------------------------------------------------------------


def start_user_session(*, user: User, session_key: str, user_agent: str) -> UserSession:
    """Remember a new signed-in browser (called on login; the login itself is audited)."""
    now = timezone.now()
    user_session, _created = UserSession.objects.update_or_create(
        key_digest=session_digest(session_key),
        defaults={
            "user": user,
            "browser": browser_family(user_agent),
            "created_at": now,
            "last_seen_at": now,
        },
    )
    return user_session


def forget_user_session(session_key: str | None) -> None:
    """Drop the row of a session that is ending anyway (logout, expiry)."""
    if session_key:
        UserSession.objects.filter(key_digest=session_digest(session_key)).delete()


def _delete_django_sessions(digests: Iterable[str]) -> None:
    """Delete the server-side sessions whose key hashes to one of `digests`.

    Only digests are kept, so the live sessions are scanned; it happens when someone
    ends sessions, which is rare. Any other session engine is covered by the
    middleware, which signs out a session whose UserSession row is gone.
    """
    wanted = set(digests)
    if not wanted or settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", flat=True
    )
    doomed = [key for key in live.iterator() if session_digest(key) in wanted]
    Session.objects.filter(session_key__in=doomed).delete()


@transaction.atomic
def end_user_session(user_session: UserSession, *, actor: User) -> None:
    """End one of a user's sessions: that browser is signed out on its next request."""
    _delete_django_sessions([user_session.key_digest])
    audit.record(
        actor=actor,
        action="session.ended",
        target=user_session.user,
        details={"session": str(user_session.public_id)},
    )
    user_session.delete()


@transaction.atomic
def end_other_sessions(user: User, *, keep_session_key: str | None, actor: User) -> int:
    """End every session of `user` except the one making the request; returns how many."""
    others = UserSession.objects.filter(user=user)
    if keep_session_key:
        others = others.exclude(key_digest=session_digest(keep_session_key))
    digests = list(others.values_list("key_digest", flat=True))
    _delete_django_sessions(digests)
    others.delete()
    if digests:
        audit.record(
            actor=actor, action="session.ended", target=user, details={"count": len(digests)}
        )
    return len(digests)


# --- Users ------------------------------------------------------------------------


def _cut_access(user: User) -> int:
    """End all sessions and revoke all tokens of `user`; returns the tokens revoked."""
    digests = list(UserSession.objects.filter(user=user).values_list("key_digest", flat=True))
    _delete_django_sessions(digests)
    UserSession.objects.filter(user=user).delete()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None, reason: str = "") -> None:
    """Switch an account off: no login, no session, no token, from the next request (S7)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = _cut_access(user)
    audit.record(
        actor=actor,
        action="user.deactivated",
        target=user,
        reason=reason,
        details={"tokens_revoked": revoked},
    )


@transaction.atomic
def reactivate_user(user: User, *, actor: User) -> None:
    """Switch an account back on; the person signs in again with password and MFA."""
    user.is_active = True
    # A fresh start for the dormant-account clock.
    user.last_seen_at = timezone.now()
    user.save(update_fields=["is_active", "last_seen_at"])
    audit.record(actor=actor, action="user.reactivated", target=user)


@transaction.atomic
def invite_user(*, email: str, full_name: str, actor: User | None, **fields: Any) -> User:
    """Create an account without a password; the person sets one through an e-mailed link.

    Administrators never choose or see passwords (S15). The caller sends the
    invitation (`ccrhub.accounts.invitations.send_invitation`) once this commits.
    """
    user = User.objects.create_user(email=email, password=None, full_name=full_name, **fields)
    audit.record(actor=actor, action="user.created", target=user)
    return user


@transaction.atomic
def record_lockout(user: User) -> None:
    """Note that sign-in to `user` is locked after repeated failures (S16)."""
    audit.record(actor=None, action="auth.lockout", target=user, outcome="denied")


# --- API tokens -------------------------------------------------------------------


@transaction.atomic
def create_api_token(
    user: User, *, name: str, read_only: bool, days: int | None, actor: User | None
) -> tuple[ApiToken, str]:
    """Make a personal API token; the raw token is returned once and never stored."""
    days = DEFAULT_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            _("A token lasts between 1 and %(max)d days.") % {"max": MAX_TOKEN_DAYS},
            code="token_days",
        )
    if not user.is_active:
        raise ValidationError(_("This account is not active."), code="inactive")
    raw = new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        digest=digest(raw),
        prefix=raw[:8],
        read_only=read_only,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        actor=actor,
        action="token.created",
        target=token,
        details={"read_only": read_only, "days": days},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User | None) -> None:
    """Revoke a token at once; a revoked token is never accepted again."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="token.revoked", target=token)


@transaction.atomic
def update_profile(user: User, *, full_name: str, actor: User) -> None:
    """Change a person's own harmless preferences; nothing that decides access."""
    full_name = full_name.strip()
    if full_name == user.full_name:
        return
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    audit.record(actor=actor, action="user.profile_updated", target=user)
