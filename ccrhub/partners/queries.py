"""Reads about who belongs where and with which role."""

from typing import Any

from ccrhub.partners.models import Representative
from ccrhub.partners.roles import SURVIVOR_DATA_ROLES, role_can


def active_roles(user: Any) -> dict[int, str]:
    """collaborative id → role, for the user's active roles (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_ccrhub_roles", None)
    if cached is None:
        cached = dict(
            Representative.objects.filter(
                user=user, is_active=True, collaborative__is_active=True
            ).values_list("collaborative_id", "role")
        )
        user._ccrhub_roles = cached
    return cached


def role_in(user: Any, collaborative_id: int) -> str | None:
    return active_roles(user).get(collaborative_id)


def can(user: Any, permission: str, collaborative_id: int) -> bool:
    role = role_in(user, collaborative_id)
    return role is not None and role_can(role, permission)


def handles_survivor_data(user: Any) -> bool:
    return any(role in SURVIVOR_DATA_ROLES for role in active_roles(user).values())
