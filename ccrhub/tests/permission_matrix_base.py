"""The vocabulary of the permission matrix: personas, answers and rows."""

from dataclasses import dataclass, field
from typing import Any

OK = "ok"
LOGIN = "login"

PERSONAS = (
    "coordinator",
    "agency_admin",
    "police_officer",
    "prosecutor",
    "probation_officer",
    "advocate",
    "analyst",
    "community_member",
    "outsider",
    "party_officer",
    "anonymous",
)
# Roles in the Riverbend CCR (the outsider coordinates the neighbouring county's CCR).
CCR_MEMBERS = ("police_officer", "prosecutor", "probation_officer", "party_officer")
CCR_ALL = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate", "analyst", "community_member")
CASE_WORKERS = ("coordinator", "agency_admin", *CCR_MEMBERS, "advocate")
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")


def each(personas: tuple[str, ...], answer: int | str) -> dict[str, int | str]:
    return dict.fromkeys(personas, answer)


@dataclass(frozen=True)
class Row:
    route: str
    target: str
    method: str
    expect: dict[str, int | str]
    otherwise: int | str = 404
    data: dict[str, Any] = field(default_factory=dict)

    def answer_for(self, persona: str) -> int | str:
        return self.expect.get(persona, self.otherwise)
