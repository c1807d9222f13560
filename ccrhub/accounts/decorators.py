"""Sensitive acts of our own views ask for the password or a code again (S14).

Built on allauth's reauthentication: if the person has not proved themselves within
ACCOUNT_REAUTHENTICATION_TIMEOUT, they are sent to allauth's reauthentication page
(password, or TOTP/recovery code) and their suspended POST is replayed afterwards.
"""

from collections.abc import Callable
from typing import Any, TypeVar, overload

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows import reauthentication
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.http import HttpRequest

View = TypeVar("View", bound=Callable[..., Any])


@overload
def require_recent_reauth(view: View) -> View: ...


@overload
def require_recent_reauth(*, allow_get: bool = False) -> Callable[[View], View]: ...


def require_recent_reauth(
    view: View | None = None, *, allow_get: bool = False
) -> View | Callable[[View], View]:
    """Decorate a view (exports, role changes, token creation) to need a recent login.

    `allow_get=True` lets the page be shown and asks only when it is submitted.
    The policy decorator (`authenticated`, `requires(...)`) goes outermost.
    """

    def decorate(inner: View) -> View:
        return reauthentication_required(inner, allow_get=allow_get)

    return decorate(view) if view is not None else decorate


def recently_reauthenticated(request: HttpRequest) -> bool:
    """For code that must decide without redirecting (an API, a template)."""
    return bool(request.user.is_authenticated and did_recently_reauthenticate(request))


def demand_recent_reauth(request: HttpRequest) -> None:
    """Inside a view, after its access check: a submission needs a recent login.

    Unlike the decorator, this runs after the object was found and authorised, so a
    stranger gets the same 404 as for a missing object, never a reauthentication page.
    allauth's middleware turns the exception into its reauthentication flow and replays
    the suspended request afterwards.
    """
    if request.method != "GET":
        reauthentication.raise_if_reauthentication_required(request, app="account")
