"""Reads about who belongs where and with which role."""

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    AvenueAssessment,
    Collaborative,
    Representative,
)
from ccrhub.partners.roles import SURVIVOR_DATA_ROLES, role_can

if TYPE_CHECKING:
    from ccrhub.accounts.models import User


def active_roles(user: Any) -> dict[int, str]:
    """collaborative id → role, for the user's active roles (one query, kept on the user
    with each collaborative's kind, which the menu asks about)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_ccrhub_roles", None)
    if cached is None:
        rows = list(
            Representative.objects.filter(
                user=user, is_active=True, collaborative__is_active=True
            ).values_list("collaborative_id", "role", "collaborative__kind")
        )
        cached = {cid: role for cid, role, _kind in rows}
        user._ccrhub_roles = cached
        user._ccrhub_kinds = {cid: kind for cid, _role, kind in rows}
    return cached


def _collaborative_kinds(user: Any) -> dict[int, str]:
    """collaborative id → kind, for the collaboratives of `active_roles` (no query)."""
    active_roles(user)
    return getattr(user, "_ccrhub_kinds", {})


def role_in(user: Any, collaborative_id: int) -> str | None:
    return active_roles(user).get(collaborative_id)


def can(user: Any, permission: str, collaborative_id: int) -> bool:
    role = role_in(user, collaborative_id)
    return role is not None and role_can(role, permission)


def handles_survivor_data(user: Any) -> bool:
    return any(role in SURVIVOR_DATA_ROLES for role in active_roles(user).values())


def holds_anywhere(user: Any, permission: str, kind: str | None = None) -> bool:
    """Whether one of the user's active roles, in any collaborative (of `kind`, when
    given), grants `permission`."""
    ids = [cid for cid, role in active_roles(user).items() if role_can(role, permission)]
    if kind is None:
        return bool(ids)
    kinds = _collaborative_kinds(user)
    return any(kinds.get(cid) == kind for cid in ids)


def collaborative_ids_with(user: Any, permission: str) -> list[int]:
    """Ids of the user's collaboratives in which their role grants `permission`."""
    return [cid for cid, role in active_roles(user).items() if role_can(role, permission)]


def collaboratives_for_list(user: Any) -> QuerySet[Collaborative]:
    """The "my collaboratives" screen: one query, with each one's number of member agencies."""
    return (
        Collaborative.objects.filter(pk__in=list(active_roles(user)))
        .select_related("parent")
        .annotate(
            agency_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True)
        )
        .order_by("name")
    )


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies that are members of the user's collaboratives, plus the user's own."""
    return Agency.objects.visible_to(user, active_roles(user))


def active_memberships(collaborative: Collaborative) -> QuerySet[AgencyMembership]:
    return (
        AgencyMembership.objects.filter(collaborative=collaborative, is_active=True)
        .select_related("agency")
        .order_by("agency__name")
    )


def active_representatives(collaborative: Collaborative) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(collaborative=collaborative, is_active=True)
        .select_related("user", "user__agency")
        .order_by("user__full_name", "user__email")
    )


def grantable_users(collaborative: Collaborative, *, actor: "User") -> "QuerySet[User]":
    """People the actor may give a role in the collaborative (S5).

    Staff of the collaborative's member agencies; an agency admin sees only their own
    agency's staff. Nobody is offered themselves.
    """
    from ccrhub.accounts.models import User

    member_agencies = AgencyMembership.objects.filter(
        collaborative=collaborative, is_active=True
    ).values("agency_id")
    users = User.objects.filter(is_active=True, agency_id__in=member_agencies).exclude(pk=actor.pk)
    if not can(actor, "members.manage", collaborative.pk):
        if not can(actor, "members.manage_own_agency", collaborative.pk) or not actor.agency_id:
            return users.none()
        users = users.filter(agency_id=actor.agency_id)
    return users.select_related("agency").order_by("full_name", "email")


def assessments_for_list(user: Any) -> QuerySet[AvenueAssessment]:
    """Avenue assessments the user made, or recorded in a collaborative where they may use it."""
    return AvenueAssessment.objects.visible_to(
        user, collaborative_ids_with(user, "avenue.use")
    ).select_related("collaborative", "existing_collaborative")


def membership_candidates(collaborative: Collaborative, user: Any) -> QuerySet[Agency]:
    """Agencies a coordinator may add: those they can see, and the collaborative's former
    members, less its current members."""
    visible = visible_agencies(user).values("pk")
    former = AgencyMembership.objects.filter(collaborative=collaborative).values("agency_id")
    current = AgencyMembership.objects.filter(collaborative=collaborative, is_active=True).values(
        "agency_id"
    )
    return (
        Agency.objects.filter(Q(pk__in=visible) | Q(pk__in=former), is_active=True)
        .exclude(pk__in=current)
        .order_by("name")
    )
