"""System check: every permission the code names is one some role defines (S1).

A view declaring `requires("directory.view")` when no role grants `directory.view`
refuses everyone, and its navigation entry never shows. Either is a mistake in a
name, caught at start-up (`manage.py check`) rather than by a user.
"""

from typing import Any

from django.core import checks

from ccrhub.lib.policy import routed_permissions
from ccrhub.partners.roles import ROLE_PERMISSIONS


def defined_permissions() -> set[str]:
    return set().union(*ROLE_PERMISSIONS.values())


def named_permissions() -> set[str]:
    """Permissions declared by routed views (navigation entries take their page's)."""
    return routed_permissions()


def check_permission_names(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"The permission {name!r} is named in the code but no role defines it.",
            hint="Define it for the roles that hold it in ccrhub/partners/roles.py.",
            id="ccrhub.permissions.E001",
        )
        for name in sorted(named_permissions() - defined_permissions())
    ]
