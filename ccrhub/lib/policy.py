"""Every view declares its policy (S1): `public`, or the permission it needs.

The permission is checked against the object by the view's `access_*` call; the
declaration is what the URL walk in the tests reads, so no view goes unreviewed.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required

View = TypeVar("View", bound=Callable[..., Any])

POLICY_ATTRIBUTE = "ccrhub_policy"
PUBLIC = "public"
AUTHENTICATED = "authenticated"


def public(view: View) -> View:
    """Anyone, signed in or not; the public area's hygiene applies (no cookies, no-store)."""
    setattr(view, POLICY_ATTRIBUTE, PUBLIC)
    return login_not_required(view)


def requires(permission: str) -> Callable[[View], View]:
    """A signed-in user whose role grants `permission` on the object in question."""

    def decorate(view: View) -> View:
        setattr(view, POLICY_ATTRIBUTE, permission)
        return view

    return decorate


def authenticated(view: View) -> View:
    """Any signed-in user; the view shows only what belongs to that user."""
    setattr(view, POLICY_ATTRIBUTE, AUTHENTICATED)
    return view


def policy_of(view: Any) -> str | None:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        value = getattr(candidate, POLICY_ATTRIBUTE, None)
        if value:
            return str(value)
    return None
