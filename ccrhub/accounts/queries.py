"""Reads about accounts: dormant users, a person's sessions and tokens."""

from datetime import datetime

from django.db.models import Max, Q, QuerySet

from ccrhub.accounts.models import ApiToken, User, UserSession


def dormant_users(cutoff: datetime) -> QuerySet[User]:
    """Active accounts with no sign-in, page view or token use since `cutoff` (S17).

    An account that never signed in counts from the day it was created.
    """
    return (
        User.objects.filter(is_active=True, date_joined__lt=cutoff)
        .annotate(last_token_use=Max("api_tokens__last_used_at"))
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff))
        .filter(Q(last_token_use__isnull=True) | Q(last_token_use__lt=cutoff))
        .order_by("pk")
    )


def sessions_of(user: User) -> QuerySet[UserSession]:
    return UserSession.objects.of_user(user)


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show as revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")
