"""What a decision can adopt: objects of other areas (a mission statement version, a
protocol version) that are waiting for the members' decision.

Each area offers its candidates through a query `(collaborative_id) -> list of versions`
and the action that puts one in force; both are called here directly (meetings builds on
partners and protocols, never the other way round), so no model calls an action.

A candidate is named in forms as "<app_label>.<model>:<public id>": never an internal key.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ccrhub.meetings.models import Decision, DecisionOutcome
from ccrhub.partners.foundations_actions import adopt_mission_version
from ccrhub.partners.foundations_queries import adoptable_mission_versions
from ccrhub.partners.models import MissionVersion
from ccrhub.protocols.actions import adopt_version_by_decision
from ccrhub.protocols.models import ProtocolVersion
from ccrhub.protocols.queries import adoptable_versions

Adoptable = MissionVersion | ProtocolVersion

# The action that puts each kind of candidate in force.
_ADOPT: dict[type, Callable[..., Any]] = {
    MissionVersion: adopt_mission_version,
    ProtocolVersion: adopt_version_by_decision,
}


def candidates(collaborative_id: int) -> list[Adoptable]:
    """Objects of the collaborative that a decision may adopt now, in the form's order."""
    return [*adoptable_mission_versions(collaborative_id), *adoptable_versions(collaborative_id)]


def describe(target: Adoptable) -> str:
    """The form and audit name of a candidate: "<app_label>.<model>:<public id>"."""
    return f"{target._meta.label_lower}:{target.public_id}"


def choices(collaborative_id: int) -> list[tuple[str, str]]:
    return [(describe(target), str(target)) for target in candidates(collaborative_id)]


def resolve(key: str, collaborative_id: int) -> Adoptable | None:
    """The candidate a form names, if it is still one of the collaborative's candidates."""
    for target in candidates(collaborative_id):
        if describe(target) == key:
            return target
    return None


def adopt(target: Adoptable, *, decision: Decision) -> None:
    """Put what a decision closed as adopted names in force, in the caller's transaction."""
    if decision.outcome != DecisionOutcome.ADOPTED:
        raise ValidationError(_("Only a decision to adopt puts something in force."))
    _ADOPT[type(target)](target, decision=decision)
