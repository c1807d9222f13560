"""Fetching a person's own sessions and tokens: anyone else's are simply not found."""

from typing import Any, cast

from ccrhub.accounts.models import ApiToken, User, UserSession
from ccrhub.lib.access import access_within


def signed_in_user(request: Any) -> User:
    """The request's user, typed: views behind the login gate never see an anonymous one."""
    return cast(User, request.user)


def access_user_session(user: User, public_id: object) -> UserSession:
    """One of `user`'s own sessions; 404 for anybody else's, as for a made-up id."""
    sessions = UserSession.objects.all()
    return access_within(sessions, user, public_id, scope="user_id", within=[user.pk])


def access_api_token(user: User, public_id: object) -> ApiToken:
    """One of `user`'s own tokens; 404 for anybody else's, as for a made-up id."""
    tokens = ApiToken.objects.all()
    return access_within(tokens, user, public_id, scope="user_id", within=[user.pk])
