"""Fetching a person's own sessions and tokens: anyone else's are simply not found."""

from typing import Any, cast

from django.http import Http404

from ccrhub.accounts.models import ApiToken, User, UserSession
from ccrhub.lib.ids import parse_public_id


def signed_in_user(request: Any) -> User:
    """The request's user, typed: views behind the login gate never see an anonymous one."""
    return cast(User, request.user)


def access_user_session(user: User, public_id: object) -> UserSession:
    """One of `user`'s own sessions; 404 for anybody else's, as for a made-up id."""
    found = UserSession.objects.filter(user=user, public_id=parse_public_id(public_id)).first()
    if found is None:
        raise Http404
    return found


def access_api_token(user: User, public_id: object) -> ApiToken:
    """One of `user`'s own tokens; 404 for anybody else's, as for a made-up id."""
    found = ApiToken.objects.filter(user=user, public_id=parse_public_id(public_id)).first()
    if found is None:
        raise Http404
    return found
