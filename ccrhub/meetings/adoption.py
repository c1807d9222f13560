"""What a decision can adopt: objects of other areas (a mission statement version, a
protocol version) that are waiting for the members' decision.

Each area offers its candidates through a query `(collaborative_id) -> list of versions`,
called here directly; each candidate defines `adopted_by_decision(decision)`, which
closing the decision as adopted calls.

A candidate is named in forms as "<app_label>.<model>:<public id>": never an internal key.
"""

from ccrhub.partners.foundations_queries import adoptable_mission_versions
from ccrhub.partners.models import MissionVersion
from ccrhub.protocols.models import ProtocolVersion
from ccrhub.protocols.queries import adoptable_versions

Adoptable = MissionVersion | ProtocolVersion


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
