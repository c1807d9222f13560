"""What a decision can adopt: objects of other areas (a mission statement version, a
protocol version) that are waiting for the members' decision.

Each area offers its candidates through a function `(collaborative_id) -> list of model
instances`, named here by import path. An area that is not installed, or has not built
its function yet, is skipped, so decisions work without it. A candidate may define
`adopted_by_decision(decision)`: closing the decision as adopted calls it.

A candidate is named in forms as "<app_label>.<model>:<public id>": never an internal key.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404

from ccrhub.lib.ids import parse_public_id

# "module:function" of each area's candidates, in the order the form lists them.
PROVIDERS = (
    "ccrhub.partners.foundations_queries:adoptable_mission_versions",
    "ccrhub.protocols.queries:adoptable_versions",
)


def _provider(path: str) -> Callable[[int], list[models.Model]] | None:
    module_name, _sep, name = path.partition(":")
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


def candidates(collaborative_id: int) -> list[models.Model]:
    """Objects of the collaborative that a decision may adopt now."""
    found: list[models.Model] = []
    for path in PROVIDERS:
        provider = _provider(path)
        if provider is not None:
            found.extend(provider(collaborative_id))
    return found


def describe(target: models.Model) -> str:
    """The form and audit name of a candidate: "<app_label>.<model>:<public id>"."""
    public_id = getattr(target, "public_id", None) or target.pk
    return f"{target._meta.label_lower}:{public_id}"


def choices(collaborative_id: int) -> list[tuple[str, str]]:
    return [(describe(target), str(target)) for target in candidates(collaborative_id)]


def collaborative_id_of(target: Any) -> int | None:
    value = getattr(target, "collaborative_id", None)
    return int(value) if value is not None else None


def resolve(key: str, collaborative_id: int) -> models.Model | None:
    """The candidate a form names, if it is still one of the collaborative's candidates."""
    model_label, _sep, raw_id = key.partition(":")
    try:
        model = apps.get_model(model_label)
        public_id = parse_public_id(raw_id)
    except (LookupError, ValueError, Http404):
        return None
    for target in candidates(collaborative_id):
        if isinstance(target, model) and getattr(target, "public_id", None) == public_id:
            return target
    return None
