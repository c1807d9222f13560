"""Walking the URL map: every route of ours, with its name and view."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Routes of the libraries we build on. allauth's views are its own, audited by it and
# behind our MFA gate; the admin is behind MFA (secure_admin_login) and staff-only.
THIRD_PARTY_MODULES = ("allauth.", "django.contrib.admin.", "django.contrib.contenttypes.")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    callback: Any

    @property
    def module(self) -> str:
        view = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        return (view or self.callback).__module__


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner.strip(":"))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            yield Route(name=name, pattern=prefix + str(entry.pattern), callback=entry.callback)


def our_routes() -> list[Route]:
    return [
        route
        for route in _walk(get_resolver().url_patterns, "/", "")
        if not route.module.startswith(THIRD_PARTY_MODULES)
        and not route.pattern.startswith("/admin/")
    ]
