"""One access layer: fetch an object by its public id and authorise it (S2, S3).

Every app's `access_<noun>` is this fetch with its own queryset and scope:

- not visible → `NotVisible` (a 404): a hidden object, one that does not exist and a
  malformed id answer the same, after the same queries — the user's roles are read
  before the object is looked up;
- visible but the user may not write it → 403 (`PermissionDenied`);
- a further rule that hides a visible object (a restriction, a review's membership)
  runs before the write check, so it answers 404 to a writer and a reader alike.

Why here, and how it knows about roles: the mechanism (parsing, equal cost, 404 before
403) is the same for every app, so it lives in `lib`. But `lib` imports no app, and
roles belong to `partners`. The one question this layer asks about a user — in which
collaboratives does one of their roles grant a permission? — is the hook
`collaboratives_holding`, answered by `partners` in its `AppConfig.ready()` and checked
at start-up like every hook (`ccrhub.lib.hooks`). Apps ask it through
`collaboratives_where`, the one "collaboratives where the user holds P" query.
"""

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from ccrhub.lib.hooks import Hook, declare
from ccrhub.lib.ids import parse_public_id

Row = TypeVar("Row", bound=Model)

# (user, permission) -> ids of the collaboratives where an active role of the user
# grants the permission. Answered by `partners`, where roles live.
collaboratives_holding: Hook[Callable[[Any, str], list[int]]] = declare(
    "lib.access.collaboratives_holding", answered_by="ccrhub.partners"
)

# What may be written to a visible object: a permission the user's role must grant in
# the object's own collaborative, or a rule about the user and the object.
WriteRule = str | Callable[[Any, Any], bool]


class NotVisible(Http404):
    """The object is not there for this user: missing, hidden or a malformed id alike."""


def collaboratives_where(user: Any, permission: str) -> list[int]:
    """Ids of the collaboratives where one of the user's active roles grants `permission`."""
    return collaboratives_holding.ask(user, permission)


def holds(user: Any, permission: str, collaborative_id: int | None) -> bool:
    """Whether the user's role in this collaborative grants `permission`."""
    return collaborative_id is not None and collaborative_id in collaboratives_where(
        user, permission
    )


def require_collaboratives(user: Any, permission: str) -> list[int]:
    """Ids of the collaboratives where the user holds `permission`; 403 if none: for
    lists and pages that act on no single object yet."""
    ids = collaboratives_where(user, permission)
    if not ids:
        raise PermissionDenied
    return ids


def access_scoped(
    queryset: QuerySet[Row],
    user: Any,
    public_id: object,
    *,
    permission: str,
    write: bool = False,
    writes: WriteRule | None = None,
    scope: str = "collaborative_id",
    refuse: Callable[[Any, Row], None] | None = None,
) -> Row:
    """The row of `queryset` with this public id, if the user's role in its collaborative
    (the attribute path `scope`, e.g. "conference__collaborative_id") grants
    `permission`; 404 otherwise. With `write`, 403 unless `writes` allows it.
    `refuse(user, row)` may hide a visible row by raising a 404 (restrictions)."""
    within = collaboratives_where(user, permission)  # first: missing and hidden cost the same
    collaborative_of = attrgetter(scope.replace("__", "."))
    rule: Callable[[Any, Row], bool] | None
    if isinstance(writes, str):
        needed = writes

        def rule(user: Any, row: Row) -> bool:
            return holds(user, needed, collaborative_of(row))

    else:
        rule = writes
    return access_within(
        queryset,
        user,
        public_id,
        scope=scope,
        within=within,
        write=write,
        writes=rule,
        refuse=refuse,
    )


def access_within(
    queryset: QuerySet[Row],
    user: Any,
    public_id: object,
    *,
    scope: str,
    within: Sequence[int],
    write: bool = False,
    writes: Callable[[Any, Row], bool] | None = None,
    refuse: Callable[[Any, Row], None] | None = None,
) -> Row:
    """`access_scoped` for a scope other than a role's collaboratives (an agency's
    compartment, the user's own rows): visible when `scope` is one of `within`, which
    the caller reads before calling, so that a missing and a hidden id cost the same."""
    try:
        key = parse_public_id(public_id)
    except Http404:
        raise NotVisible from None
    found = queryset.filter(public_id=key).first()
    if found is None or attrgetter(scope.replace("__", "."))(found) not in within:
        raise NotVisible
    if refuse is not None:
        refuse(user, found)
    if write:
        if writes is None:
            raise TypeError("A write needs its rule: a permission or a predicate.")
        if not writes(user, found):
            raise PermissionDenied
    return found
