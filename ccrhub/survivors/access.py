"""Fetch and authorise survivor records (S9–S13).

A survivor record belongs to the agency that created it. Its staff holding
`survivors.view` read it whole and, with `survivors.write`, change it. Anyone else
reads a category of it only while a valid release (US) or recorded basis (UK) names
their agency as recipient and covers that category; an address-confidentiality
participant's real address never leaves the owning agency (only the substitute
address does). Whatever a user may not see answers exactly like what does not exist.

A restriction against a person on a high-risk referral naming the record, or on the
tracking case such a referral links, reaches the record too (S6): releases are given to
an agency, but an officer who is a party to the survivor's case never reads her record
through his agency's release, and her own agency's restricted staff do not either.
"""

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ccrhub.accounts.restrictions import deny_restricted
from ccrhub.highrisk.queries import survivors_restricted_against, teams_referred_to
from ccrhub.lib.access import access_within, collaboratives_where
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.models import Agency
from ccrhub.survivors.models import (
    CATEGORY_FIELDS,
    Category,
    CompelledDisclosure,
    NotificationTask,
    Release,
    Survivor,
)

VIEW = "survivors.view"
WRITE = "survivors.write"
AUDIT = "audit.view"
# What a recipient agency's staff need to hold somewhere to read shared categories.
RECIPIENT_PERMISSIONS = ("cases.view", "highrisk.view")


def _agency_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "agency_id", None)


def agency_of(user: Any) -> Agency:
    """The signed-in user's own agency; 403 for a user without one."""
    agency = getattr(user, "agency", None) if _agency_id(user) is not None else None
    if not isinstance(agency, Agency):
        raise PermissionDenied
    return agency


class RestrictedSurvivor(Http404):
    """A record the user would reach but a restriction keeps from them: a 404 to them,
    which the caller audits (and the coordinator is alerted) outside any transaction
    that rolls back with the 404."""

    def __init__(self, survivor: Survivor) -> None:
        super().__init__()
        self.survivor = survivor


def is_restricted_for(user: Any, survivor: Survivor) -> bool:
    return survivors_restricted_against(user, [survivor.pk]).exists()


def restricted_survivors(user: Any) -> QuerySet[Any]:
    """Ids of the records restrictions keep from the user, as a subquery for lists."""
    return survivors_restricted_against(user)


def _works_for_owner(user: Any, survivor: Survivor, *, write: bool = False) -> bool:
    """Staff of the owning agency with the survivor permission in some collaborative."""
    agency_id = _agency_id(user)
    if agency_id is None or agency_id != survivor.owner_agency_id:
        return False
    return bool(collaboratives_where(user, WRITE if write else VIEW))


def is_owner_staff(user: Any, survivor: Survivor, *, write: bool = False) -> bool:
    """Staff of the owning agency with the survivor permission, whom no restriction
    keeps from the record."""
    return _works_for_owner(user, survivor, write=write) and not is_restricted_for(user, survivor)


def may_work_with_survivors(user: Any, *, write: bool = False) -> bool:
    return _agency_id(user) is not None and bool(
        collaboratives_where(user, WRITE if write else VIEW)
    )


def may_receive(user: Any) -> bool:
    """Whether the user's roles let them read what is released to their agency."""
    return _agency_id(user) is not None and any(
        collaboratives_where(user, permission) for permission in RECIPIENT_PERMISSIONS
    )


def valid_release_categories(user: Any, survivor: Survivor, *, lock: bool = False) -> set[str]:
    """The categories valid releases to the user's agency cover now. With `lock`, the
    release rows are locked (FOR UPDATE) so a revoke waits for the reading transaction
    and a read after the revoke commits sees it."""
    if not may_receive(user):
        return set()
    releases = Release.objects.valid(at=timezone.now()).filter(
        survivor=survivor, recipient_agency_id=user.agency_id
    )
    if lock:
        releases = releases.select_for_update()
    categories: set[str] = set()
    for release in releases.only("categories"):
        categories.update(release.categories)
    if categories and is_restricted_for(user, survivor):
        return set()
    return categories


def may_read_survivor(user: Any, survivor: Survivor, category: str) -> bool:
    """Whether the user may read this category of the survivor record."""
    if category not in Category.values:
        return False
    if is_owner_staff(user, survivor):
        return True
    return category in valid_release_categories(user, survivor)


@dataclass(frozen=True)
class SurvivorView:
    """What one reader may see of a survivor record; absent fields are simply missing."""

    public_id: str
    owner_agency_id: int
    categories: frozenset[str]
    fields: dict[str, str] = field(default_factory=dict)
    whole: bool = False

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def __getitem__(self, name: str) -> str:
        return self.fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self.fields


def _view(survivor: Survivor, categories: set[str], *, owner: bool) -> SurvivorView:
    fields: dict[str, str] = {}
    for category in sorted(categories):
        for name in CATEGORY_FIELDS.get(category, ()):
            fields[name] = getattr(survivor, name)
    if "address" in fields and survivor.address_confidentiality and not owner:
        # S13: outside the owning agency only the substitute address is ever shown.
        fields["address"] = survivor.substitute_address
    if owner:
        fields["notes"] = survivor.notes
        fields["substitute_address"] = survivor.substitute_address
    return SurvivorView(
        public_id=str(survivor.public_id),
        owner_agency_id=survivor.owner_agency_id,
        categories=frozenset(categories),
        fields=fields,
        whole=owner,
    )


def survivor_view_for(user: Any, survivor: Survivor, *, lock: bool = False) -> SurvivorView:
    """The fields the user may see: all of them for the owning agency's staff; for a
    recipient, those of the categories valid releases cover (address replaced by the
    substitute address for address-confidentiality participants); nothing otherwise.

    A caller that shows the result to someone outside the owning agency (an agenda,
    minutes) records it with `ccrhub.survivors.actions.record_shared_view`."""
    if is_owner_staff(user, survivor):
        return _view(survivor, set(Category.values), owner=True)
    return _view(survivor, valid_release_categories(user, survivor, lock=lock), owner=False)


def own_compartment(user: Any, *, write: bool = False) -> list[int]:
    """The agency whose compartment the user works in, as the scope of a fetch: theirs,
    if they hold the survivor permission somewhere; nobody's otherwise."""
    agency_id = _agency_id(user)
    return (
        [agency_id] if agency_id is not None and may_work_with_survivors(user, write=write) else []
    )


def refuse_restricted_survivor(user: Any, survivor: Survivor) -> None:
    """404, audited, when a restriction keeps the record from the user (S6)."""
    if is_restricted_for(user, survivor):
        deny_restricted(user, survivor)
        raise Http404


def _writes_survivor(user: Any, survivor: Survivor) -> bool:
    return is_owner_staff(user, survivor, write=True)


def access_survivor(user: Any, public_id: Any, *, write: bool = False) -> Survivor:
    """A record of the user's own agency; 404 for everyone else (whatever releases say:
    those are read through `access_shared_survivor`)."""
    return access_within(
        Survivor.objects.all(),
        user,
        public_id,
        scope="owner_agency_id",
        within=own_compartment(user),
        refuse=refuse_restricted_survivor,
        write=write,
        writes=_writes_survivor,
    )


def access_shared_survivor(user: Any, public_id: Any) -> SurvivorView:
    """The survivor as released to the user's agency; 404 unless a valid release or
    recorded basis names the agency. Call inside a transaction: the release rows stay
    locked until it ends, so a concurrent revoke is ordered after this read. A record
    that does not exist and one without a release cost the same queries (S3)."""
    key = parse_public_id(public_id)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("access_shared_survivor must run inside a transaction.")
    receiving = may_receive(user)
    releases = (
        Release.objects.valid(at=timezone.now())
        .filter(survivor__public_id=key, recipient_agency_id=getattr(user, "agency_id", None))
        .select_for_update(of=("self",))
        .only("categories", "survivor_id")
    )
    found = list(releases)
    if not found or not receiving:
        raise Http404
    categories: set[str] = set()
    for release in found:
        categories.update(release.categories)
    survivor = Survivor.objects.get(pk=found[0].survivor_id)
    if is_restricted_for(user, survivor):
        raise RestrictedSurvivor(survivor)
    return _view(survivor, categories, owner=False)


@dataclass(frozen=True)
class ReportScope:
    """Whose access report a reader gets: the owning agency's staff see every event of
    the record; a coordinator only what happened outside the owning agency."""

    survivor: Survivor
    whole: bool


def access_survivor_report(user: Any, public_id: Any) -> ReportScope:
    """The access report of a survivor record (S20), for two readers only:

    - the owning agency's survivor staff: every event — their own colleagues' reads
      included, since the compartment is theirs;
    - the coordinator (`audit.view`) of a high-risk team the record was referred to:
      the referral is where the record entered a collaborative setting, so they see
      who outside the owning agency read it (releases, recorded bases, refusals), but
      not how the victim-service provider works with its own record.

    Everyone else — a recipient agency reading under a release included — gets the 404
    of a record that does not exist."""
    key = parse_public_id(public_id)
    auditing = set(collaboratives_where(user, AUDIT))
    survivor = Survivor.objects.filter(public_id=key).first()
    # Asked for a missing record too, so a hidden and a missing one cost the same (S3).
    referred = teams_referred_to(survivor.pk if survivor else 0) if auditing else set()
    if survivor is None:
        raise Http404
    owner = _works_for_owner(user, survivor)
    if not owner and not auditing & referred:
        raise Http404
    refuse_restricted_survivor(user, survivor)
    return ReportScope(survivor=survivor, whole=owner)


def _refuse_restricted_row(user: Any, row: Any) -> None:
    refuse_restricted_survivor(user, row.survivor)


def _writes_compartment(user: Any, row: Any) -> bool:
    return may_work_with_survivors(user, write=True)


def _owned(user: Any, queryset: QuerySet[Any], public_id: Any, *, write: bool) -> Any:
    """One object of the user's own agency's compartment; 404 otherwise, 403 for a
    reader asked to write."""
    return access_within(
        queryset,
        user,
        public_id,
        scope="survivor__owner_agency_id",
        within=own_compartment(user),
        refuse=_refuse_restricted_row,
        write=write,
        writes=_writes_compartment,
    )


def access_release(user: Any, public_id: Any, *, write: bool = False) -> Release:
    return cast(
        Release,
        _owned(
            user,
            Release.objects.select_related("survivor", "recipient_agency"),
            public_id,
            write=write,
        ),
    )


def access_disclosure(user: Any, public_id: Any, *, write: bool = False) -> CompelledDisclosure:
    return cast(
        CompelledDisclosure,
        _owned(
            user, CompelledDisclosure.objects.select_related("survivor"), public_id, write=write
        ),
    )


def access_task(user: Any, public_id: Any, *, write: bool = False) -> NotificationTask:
    return cast(
        NotificationTask,
        _owned(user, NotificationTask.objects.select_related("survivor"), public_id, write=write),
    )


def shared_survivor_of(view: SurvivorView) -> Survivor:
    return Survivor.objects.get(public_id=view.public_id)
