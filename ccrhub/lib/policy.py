"""Every view declares its policy (S1): `public`, `authenticated`, or the permission it needs.

`requires("p")` is enforced: a signed-in user whose roles grant `p` in no collaborative
is refused with 403 (pages) or a 403 problem (API) before the view runs, whatever the
object; anonymous visitors meet the login page or a 401 first. The view's `access_*`
call still checks the permission against the object's own collaborative (404 when the
object is out of sight, 403 when it is visible but not allowed). The declaration is
also what the URL walk of the tests reads, so no view goes unreviewed, and a system
check fails on a permission that no role defines (`ccrhub.partners.checks`).
"""

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ccrhub.lib.hooks import Hook, declare

View = TypeVar("View", bound=Callable[..., Any])

POLICY_ATTRIBUTE = "ccrhub_policy"
PERMISSIONS_ATTRIBUTE = "ccrhub_permissions"
WITHIN_ATTRIBUTE = "ccrhub_within"
PUBLIC = "public"
AUTHENTICATED = "authenticated"

# (user, permission, kind) -> does one of the user's active roles grant it (in a
# collaborative of that kind, when a kind is named)? Answered by `partners`, where roles live.
holds_permission: Hook[Callable[[Any, str, str | None], bool]] = declare(
    "lib.policy.holds_permission", answered_by="ccrhub.partners"
)


def holds_any(user: Any, permissions: tuple[str, ...], within: str | None = None) -> bool:
    """Whether a role of the signed-in `user` grants one of `permissions` somewhere (in a
    collaborative of kind `within`, when given)."""
    signed_in = user is not None and user.is_authenticated  # DRF's anonymous user is None
    return signed_in and any(holds_permission.ask(user, name, within) for name in permissions)


def public(view: View) -> View:
    """Anyone, signed in or not; the public area's hygiene applies (no cookies, no-store)."""
    setattr(view, POLICY_ATTRIBUTE, PUBLIC)
    return login_not_required(view)


class HoldsDeclaredPermission(BasePermission):
    """The API side of `requires`: after authentication (401 first), 403 unless one of
    the user's roles grants a declared permission somewhere."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return holds_any(
            request.user,
            getattr(type(view), PERMISSIONS_ATTRIBUTE),
            getattr(type(view), WITHIN_ATTRIBUTE, None),
        )


def requires(*permissions: str, within: str | None = None) -> Callable[[View], View]:
    """A signed-in user whose role grants one of `permissions` on the object in question:
    refused unless a role grants one of them in at least one collaborative (of the kind
    `within`, for areas that exist only in one kind, such as high-risk teams)."""
    if not permissions:
        raise TypeError("requires() names at least one permission.")

    def decorate(view: View) -> View:
        guarded: Any
        if isinstance(view, type):
            if not issubclass(view, APIView):
                raise TypeError(f"requires() guards functions and API views, not {view}.")
            view.permission_classes = [*view.permission_classes, HoldsDeclaredPermission]
            guarded = view
        else:

            @wraps(view)
            def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
                if not holds_any(request.user, permissions, within):
                    raise PermissionDenied
                response: HttpResponseBase = view(request, *args, **kwargs)
                return response

        setattr(guarded, POLICY_ATTRIBUTE, " | ".join(permissions))
        setattr(guarded, PERMISSIONS_ATTRIBUTE, permissions)
        setattr(guarded, WITHIN_ATTRIBUTE, within)
        return guarded

    return decorate


def authenticated(view: View) -> View:
    """Any signed-in user; the view shows only what belongs to that user."""
    setattr(view, POLICY_ATTRIBUTE, AUTHENTICATED)
    return view


def _declared(view: Any, attribute: str) -> Any:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        value = getattr(candidate, attribute, None)
        if value:
            return value
    return None


def policy_of(view: Any) -> str | None:
    value = _declared(view, POLICY_ATTRIBUTE)
    return str(value) if value else None


def permissions_of(view: Any) -> tuple[str, ...]:
    """The permissions a view declares with `requires` (empty for public/authenticated)."""
    return tuple(_declared(view, PERMISSIONS_ATTRIBUTE) or ())


def _callbacks(patterns: list[Any]) -> Iterator[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def scope_of(view: Any) -> str | None:
    """The collaborative kind a view's `requires` is limited to (None: any kind)."""
    value = _declared(view, WITHIN_ATTRIBUTE)
    return str(value) if value else None


def routed_permissions() -> set[str]:
    """Every permission a routed view declares."""
    views = _callbacks(get_resolver().url_patterns)
    return {permission for view in views for permission in permissions_of(view)}
