"""Multi-agency sittings — CCR meetings and high-risk conferences — under one set of rules.

Both apps record who attended for which agency, write minutes that may be restricted,
and give actions to an agency. The rules below are the stricter of what each app had:

- an agency *attended* when someone was present on its behalf: observers and people
  who sent apologies do not count (`Attendee.represents_agency`);
- minutes are read by whoever manages the sittings; by nobody else before they are
  released (a meeting's minutes once approved; a conference has no draft stage);
  restricted minutes (every conference's, a meeting's when marked) only by the staff
  of the agencies that attended — and always only by people who see the sittings;
- an action's status is updated by whoever manages the sittings and by the staff of
  the owning agency. Naming a person does not outlast their move to another agency.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ccrhub.lib.access import holds


class Attendee(Protocol):
    @property
    def agency_id(self) -> int | None: ...

    @property
    def represents_agency(self) -> bool: ...


@dataclass(frozen=True)
class Permissions:
    """Which permissions see and manage the sittings of an app."""

    view: str
    manage: str


@dataclass(frozen=True)
class Minutes:
    collaborative_id: int
    released: bool
    restricted: bool
    attendance: Iterable[Attendee]


def attending_agency_ids(attendance: Iterable[Attendee]) -> set[int]:
    """Agencies with someone present on their behalf (observers and apologies do not count)."""
    return {
        row.agency_id for row in attendance if row.represents_agency and row.agency_id is not None
    }


def works_for(user: Any, agency_id: int | None) -> bool:
    own = getattr(user, "agency_id", None)
    return own is not None and own == agency_id


def may_read_minutes(user: Any, minutes: Minutes, permissions: Permissions) -> bool:
    if holds(user, permissions.manage, minutes.collaborative_id):
        return True
    if not holds(user, permissions.view, minutes.collaborative_id) or not minutes.released:
        return False
    if not minutes.restricted:
        return True
    own = getattr(user, "agency_id", None)
    return own is not None and own in attending_agency_ids(minutes.attendance)


def may_update_action(
    user: Any, *, collaborative_id: int, owner_agency_id: int | None, permissions: Permissions
) -> bool:
    if holds(user, permissions.manage, collaborative_id):
        return True
    return holds(user, permissions.view, collaborative_id) and works_for(user, owner_agency_id)
