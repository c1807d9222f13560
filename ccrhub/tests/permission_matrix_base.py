"""The vocabulary of the permission matrix: personas, answers, capabilities and rows.

A capability is one thing a persona may or may not do — "list risk assessments",
"correct an event" — declared once, with one answer per persona, and the doors it is
reached through: page routes, API routes, or both. It expands into one row per door,
so a rule cannot differ between the page and the API (S1, S2): the only way to walk
both doors of a capability is to declare it once.

A `Row` on its own is a single-door declaration (a page with no API twin). An API
route walked outside a two-door capability must say why (`one_door`), and so must a
page row for a route that is a door of a two-door capability.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

OK = "ok"
LOGIN = "login"

Answer = int | str

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


def each(personas: Iterable[str], answer: Answer) -> dict[str, Answer]:
    return dict.fromkeys(personas, answer)


def is_api_route(route: str) -> bool:
    return route.startswith("api-")


# The doors differ in form only here.


def at_door(answer: Answer, method: str) -> Answer:
    """A capability's answer as one door gives it: letting in is 200 for a read and
    `OK` for a change (which may end in a redirect, or in 400/422 for an empty API
    body). Refusals (403, 404, 405 …) are the same behind both doors."""
    if answer in (OK, 200):
        return 200 if method == "GET" else OK
    return answer


def anonymous_answer(route: str) -> Answer:
    """What the anonymous visitor gets on a route that is not public."""
    return 401 if is_api_route(route) else LOGIN


def let_in(answer: Answer) -> Answer:
    """The answer with the door's form taken out, for comparing doors."""
    return OK if answer in (OK, 200) else answer


@dataclass(frozen=True)
class Row:
    route: str
    target: str
    method: str
    expect: dict[str, Answer]
    otherwise: Answer = 404
    data: dict[str, Any] = field(default_factory=dict)
    # Why this route is walked behind one door only, where the other door exists or
    # the route is an API route (see `unpaired_rows`).
    one_door: str = ""
    # The capability this row is one door of, with its object ("" for a row declared
    # on its own).
    capability: str = ""
    both_doors: bool = False

    def answer_for(self, persona: str) -> Answer:
        return self.expect.get(persona, self.otherwise)

    def rows(self) -> list["Row"]:
        return [self]


@dataclass(frozen=True)
class Door:
    """One way in: a method, a route and the body it sends. `target` names the
    capability's object as this door takes it, where the doors place it differently
    (the metrics API takes the collaborative in its query, the page in its path)."""

    method: str
    route: str
    data: dict[str, Any] = field(default_factory=dict)
    target: str = ""


DoorSpec = str | Door
Doors = DoorSpec | Sequence[DoorSpec]


def _doors(spec: Doors) -> tuple[Door, ...]:
    """ "GET risk:assessment-list", a Door, or a sequence of them."""
    if isinstance(spec, str | Door):
        spec = (spec,)
    doors = []
    for one in spec:
        if isinstance(one, str):
            method, route = one.split()
            one = Door(method, route)
        doors.append(one)
    return tuple(doors)


@dataclass(frozen=True)
class Capability:
    """One thing to do, one answer per persona, every door it is reached through.

    `answers` speaks for both doors: `OK` (or 200) lets the persona in, and becomes
    200 on a GET and `OK` on a change; anything else is the same status behind every
    door. Personas not named get `otherwise`.
    """

    name: str
    answers: dict[str, Answer]
    otherwise: Answer = 404
    target: str = "-"
    page: Doors = ()
    api: Doors = ()
    one_door: str = ""

    def __post_init__(self) -> None:
        pages, apis = _doors(self.page), _doors(self.api)
        misplaced = [d.route for d in pages if is_api_route(d.route)] + [
            d.route for d in apis if not is_api_route(d.route)
        ]
        assert not misplaced, f"{self.name}: doors on the wrong side: {misplaced}"
        assert pages or apis, f"{self.name}: no door"
        assert not (pages and apis and self.one_door), f"{self.name}: two doors, one_door said"

    @property
    def doors(self) -> tuple[Door, ...]:
        return _doors(self.page) + _doors(self.api)

    @property
    def both_doors(self) -> bool:
        return bool(_doors(self.page) and _doors(self.api))

    def rows(self) -> list[Row]:
        return [
            Row(
                door.route,
                door.target or self.target,
                door.method,
                {persona: at_door(a, door.method) for persona, a in self.answers.items()},
                otherwise=at_door(self.otherwise, door.method),
                data=door.data,
                one_door=self.one_door,
                capability=f"{self.name} [{self.target}]",
                both_doors=self.both_doors,
            )
            for door in self.doors
        ]


Declaration = Row | Capability


def expand(declarations: Iterable[Declaration]) -> list[Row]:
    return [row for declaration in declarations for row in declaration.rows()]


# The checks that keep the doors together (run by test_matrix_capabilities).


def unpaired_rows(rows: Sequence[Row]) -> list[str]:
    """Rows walked behind one door without saying why: every API route, and every page
    route that is also a door of a two-door capability."""
    paired = {row.route for row in rows if row.both_doors}
    return sorted(
        f"{row.method} {row.route} [{row.target}]"
        for row in rows
        if not row.both_doors
        and not row.one_door
        and (is_api_route(row.route) or row.route in paired)
    )


def disagreements(rows: Sequence[Row], personas: Sequence[str] = PERSONAS) -> list[str]:
    """Capabilities (by name and object) whose doors do not give every persona the same
    answer, door forms aside."""
    tables: dict[str, dict[tuple[tuple[str, Answer], ...], list[str]]]
    tables = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.capability:
            table = tuple((p, let_in(row.answer_for(p))) for p in personas)
            tables[row.capability][table].append(f"{row.method} {row.route} [{row.target}]")
    return sorted(
        f"{capability}: {sorted(doors.values())}"
        for capability, doors in tables.items()
        if len(doors) > 1
    )


def either_door(public_id: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A target for both doors: pages name an object `public_id`, the API `id`; each
    route takes the parameter it names."""
    return {"public_id": public_id, "id": public_id}, {}


def route_parameters(pattern: str) -> set[str]:
    """The URL parameters a route pattern takes ("/cases/<str:case_id>" → case_id)."""
    return set(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
