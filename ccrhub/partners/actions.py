"""Every change to collaboratives, agencies, memberships and roles; each one audited.

Views check access first; these functions enforce the rules that must hold whoever
calls them (a view, the API, a management command): above all S5, no privilege
escalation: a role is given only by someone who manages the membership (a coordinator,
or an agency admin for their own agency's staff) and holds every permission the role
carries; nobody changes their own. What nobody may give in the product is given by an
operator at the console (`OPERATOR`, through `manage.py grant_role`), on the record.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit import log as audit
from ccrhub.partners import avenue
from ccrhub.partners.access import may_give_role, may_take_role
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    AvenueAssessment,
    Collaborative,
    CollaborativeKind,
    Regime,
    Representative,
    Role,
    Sector,
)
from ccrhub.partners.roles import manages_members, may_grant, may_take_away, role_can

# Roles a person without an agency may hold: they speak for no agency.
ROLES_WITHOUT_AGENCY = frozenset({Role.COMMUNITY_MEMBER, Role.ANALYST})


def _current_role(user: Any, collaborative: Collaborative) -> str | None:
    """The user's active role, read fresh: a cached role must not authorise a write."""
    return (
        Representative.objects.filter(
            user=user,
            collaborative=collaborative,
            is_active=True,
            collaborative__is_active=True,
        )
        .values_list("role", flat=True)
        .first()
    )


def _require(actor: User, collaborative: Collaborative, permission: str) -> str:
    role = _current_role(actor, collaborative)
    if role is None or not role_can(role, permission):
        raise PermissionDenied
    return role


def _forget_cached_roles(*users: Any) -> None:
    for user in users:
        if hasattr(user, "_ccrhub_roles"):
            del user._ccrhub_roles
        if hasattr(user, "_ccrhub_kinds"):
            del user._ccrhub_kinds


def _clean_list(values: Any) -> list[str]:
    return [str(v).strip()[:100] for v in values or [] if str(v).strip()]


class ConsoleOperator:
    """Whoever runs a management command at the server's console: not a user, never
    signed in, holding no role. It gives what nobody in the product may give (the first
    coordinator of a collaborative, the advocate role), and the audit trail says so."""

    is_authenticated = False
    pk = None
    agency_id = None

    def __str__(self) -> str:
        return "operator at the console"


OPERATOR = ConsoleOperator()
# How the audit trail names the operator as the giver of a role (never a person).
BY_OPERATOR = "operator_console"
# Who may give roles and add agencies: a person, or the operator at the console.
Granter = User | ConsoleOperator


def _as_recorded(actor: Granter) -> Any:
    """The user to store as who gave or ended a role: nobody for the operator."""
    return None if actor is OPERATOR else actor


# Collaboratives ------------------------------------------------------------------


def may_create_collaborative(actor: User, *, parent: Collaborative | None = None) -> bool:
    """A coordinator (of the parent, for a sub-group) or an operator may create one."""
    if parent is not None:
        role = _current_role(actor, parent)
        return role is not None and role_can(role, "collaborative.manage")
    if getattr(actor, "is_superuser", False):
        return True
    return Representative.objects.filter(
        user=actor, is_active=True, collaborative__is_active=True, role=Role.COORDINATOR
    ).exists()


@transaction.atomic
def create_collaborative(
    *,
    name: str,
    kind: str,
    area: str = "",
    mission: str = "",
    communities_served: list[str] | None = None,
    parent: Collaborative | None = None,
    actor: User,
) -> Collaborative:
    """Create a collaborative; its creator becomes its first coordinator."""
    if not may_create_collaborative(actor, parent=parent):
        raise PermissionDenied
    if kind not in CollaborativeKind.values:
        raise ValidationError({"kind": _("Unknown kind of collaborative.")})
    collaborative = Collaborative.objects.create(
        name=name.strip(),
        kind=kind,
        area=area.strip(),
        mission=mission.strip(),
        communities_served=_clean_list(communities_served),
        parent=parent,
    )
    Representative.objects.create(
        collaborative=collaborative, user=actor, role=Role.COORDINATOR, granted_by=actor
    )
    _forget_cached_roles(actor)
    audit.record(actor=actor, action="collaborative.created", target=collaborative)
    return collaborative


@transaction.atomic
def update_collaborative(
    collaborative: Collaborative,
    *,
    name: str,
    kind: str,
    area: str,
    mission: str,
    communities_served: list[str],
    actor: User,
) -> Collaborative:
    _require(actor, collaborative, "collaborative.manage")
    if kind not in CollaborativeKind.values:
        raise ValidationError({"kind": _("Unknown kind of collaborative.")})
    values = {
        "name": name.strip(),
        "kind": kind,
        "area": area.strip(),
        "mission": mission.strip(),
        "communities_served": _clean_list(communities_served),
    }
    changed = [f for f, v in values.items() if getattr(collaborative, f) != v]
    if changed:
        for f in changed:
            setattr(collaborative, f, values[f])
        collaborative.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="collaborative.updated",
            target=collaborative,
            details={"fields": changed},
        )
    return collaborative


@transaction.atomic
def deactivate_collaborative(collaborative: Collaborative, *, actor: User) -> Collaborative:
    """Close a collaborative: nobody's role in it grants anything any more (S7)."""
    _require(actor, collaborative, "collaborative.manage")
    collaborative.is_active = False
    collaborative.save(update_fields=["is_active"])
    _forget_cached_roles(actor)
    audit.record(actor=actor, action="collaborative.deactivated", target=collaborative)
    return collaborative


# Agencies ------------------------------------------------------------------------


def _manages_agency(actor: User, agency: Agency) -> bool:
    collaboratives = Collaborative.objects.filter(
        memberships__agency=agency, memberships__is_active=True, is_active=True
    )
    return any(
        (role := _current_role(actor, c)) is not None and role_can(role, "collaborative.manage")
        for c in collaboratives
    )


@transaction.atomic
def create_agency(
    *,
    name: str,
    short_code: str,
    sector: str,
    regime: str,
    communities: list[str] | None = None,
    collaborative: Collaborative,
    actor: User,
) -> Agency:
    """Create an agency as a member of the actor's collaborative, so someone can see it."""
    _require(actor, collaborative, "collaborative.manage")
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Unknown sector.")})
    if regime not in Regime.values:
        raise ValidationError({"regime": _("Unknown regime.")})
    agency = Agency.objects.create(
        name=name.strip(),
        short_code=short_code,
        sector=sector,
        regime=regime,
        communities=_clean_list(communities),
    )
    audit.record(actor=actor, action="agency.created", target=agency)
    add_agency_to_collaborative(collaborative, agency=agency, actor=actor)
    return agency


@transaction.atomic
def update_agency(
    agency: Agency, *, name: str, sector: str, communities: list[str], actor: User
) -> Agency:
    """Change an agency's name, sector and communities.

    The short code (which imports refer to) and the regime (which decides what data
    may cross the agency's line) are set when the agency is created, not here.
    """
    if not _manages_agency(actor, agency):
        raise PermissionDenied
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Unknown sector.")})
    values = {"name": name.strip(), "sector": sector, "communities": _clean_list(communities)}
    changed = [f for f, v in values.items() if getattr(agency, f) != v]
    if changed:
        for f in changed:
            setattr(agency, f, values[f])
        agency.save(update_fields=changed)
        audit.record(
            actor=actor, action="agency.updated", target=agency, details={"fields": changed}
        )
    return agency


@transaction.atomic
def deactivate_agency(agency: Agency, *, actor: User) -> Agency:
    """Deactivate an agency. It may belong to other collaboratives too, so the actor
    must coordinate every collaborative it is still an active member of."""
    memberships = list(
        AgencyMembership.objects.filter(
            agency=agency, is_active=True, collaborative__is_active=True
        ).select_related("collaborative")
    )
    if not memberships:
        raise PermissionDenied
    for membership in memberships:
        _require(actor, membership.collaborative, "collaborative.manage")
    if getattr(actor, "agency_id", None) == agency.pk:
        raise PermissionDenied  # nobody changes their own agency (S5)
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    audit.record(actor=actor, action="agency.deactivated", target=agency)
    return agency


# Memberships ---------------------------------------------------------------------


@transaction.atomic
def add_agency_to_collaborative(
    collaborative: Collaborative,
    *,
    agency: Agency,
    joined_on: date | None = None,
    actor: Granter,
) -> AgencyMembership:
    """Make the agency a member (again, if it left before). `OPERATOR` may, for the
    agency of a new collaborative's first coordinator."""
    if not isinstance(actor, ConsoleOperator):
        _require(actor, collaborative, "collaborative.manage")
    if not agency.is_active:
        raise ValidationError({"agency": _("This agency is no longer active.")})
    membership, created = AgencyMembership.objects.select_for_update().get_or_create(
        collaborative=collaborative,
        agency=agency,
        defaults={"joined_on": joined_on or timezone.localdate()},
    )
    if not created:
        if membership.is_active:
            return membership
        membership.is_active = True
        membership.ended_on = None
        membership.joined_on = joined_on or timezone.localdate()
        membership.save(update_fields=["is_active", "ended_on", "joined_on"])
    details = {"agency": str(agency.public_id)}
    if actor is OPERATOR:
        details["added_by"] = BY_OPERATOR
    audit.record(
        actor=_as_recorded(actor), action="membership.added", target=collaborative, details=details
    )
    return membership


@transaction.atomic
def end_agency_membership(
    membership: AgencyMembership, *, ended_on: date | None = None, actor: User
) -> AgencyMembership:
    """The agency leaves the collaborative; its staff's roles there end with it (S7)."""
    collaborative = membership.collaborative
    _require(actor, collaborative, "collaborative.manage")
    if getattr(actor, "agency_id", None) == membership.agency_id:
        raise PermissionDenied  # nobody changes their own memberships (S5)
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.ended_on = ended_on or timezone.localdate()
    membership.save(update_fields=["is_active", "ended_on"])
    now = timezone.now()
    ended_roles = Representative.objects.filter(
        collaborative=collaborative, is_active=True, user__agency_id=membership.agency_id
    )
    ended_ids = [str(pid) for pid in ended_roles.values_list("public_id", flat=True)]
    ended_roles.update(is_active=False, revoked_at=now, revoked_by=actor)
    audit.record(
        actor=actor,
        action="membership.ended",
        target=collaborative,
        details={"agency": str(membership.agency.public_id), "roles_ended": ended_ids},
    )
    return membership


# Roles (S5) ----------------------------------------------------------------------


class RoleBeyondYourOwn(PermissionDenied):
    """The role carries a permission the actor does not hold in the collaborative (S5).
    Its message is plain, for the page's form and the API's problem answer."""


def _check_may_give(collaborative: Collaborative, *, user: Any, role: str, actor: Granter) -> None:
    """Raise unless the actor may give `role` to `user` (S5); the operator always may."""
    if actor is OPERATOR:
        return
    actor_role = _current_role(actor, collaborative)
    if actor_role is not None and manages_members(actor_role) and not may_grant(actor_role, role):
        raise RoleBeyondYourOwn(
            _(
                "You cannot give the role “%(role)s”: it carries permissions you do not "
                "hold in this collaborative. Ask an operator to give it."
            )
            % {"role": Role(role).label}
        )
    if not may_give_role(actor, actor_role, user=user, role=role):
        raise PermissionDenied


def _check_may_take(collaborative: Collaborative, *, user: Any, role: str, actor: Granter) -> None:
    """Raise unless the actor may take `role` away from `user`; the operator always may."""
    if actor is OPERATOR:
        return
    actor_role = _current_role(actor, collaborative)
    if (
        actor_role is not None
        and manages_members(actor_role)
        and not may_take_away(actor_role, role)
    ):
        raise RoleBeyondYourOwn(
            _(
                "You cannot change this person's role: they hold a role you could not "
                "give. Ask a coordinator."
            )
        )
    if not may_take_role(actor, actor_role, user=user, role=role):
        raise PermissionDenied


@transaction.atomic
def grant_role(
    collaborative: Collaborative, *, user: Any, role: str, actor: Granter
) -> Representative:
    """Give `user` the role `role` in the collaborative, replacing any role they hold.

    `actor` is the person giving it, or `OPERATOR` for the console."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _check_may_give(collaborative, user=user, role=role, actor=actor)
    current = (
        Representative.objects.select_for_update()
        .filter(collaborative=collaborative, user=user, is_active=True)
        .first()
    )
    if current is not None:
        # Replacing a role is taking it away: that rule applies too.
        _check_may_take(collaborative, user=user, role=current.role, actor=actor)
        if current.role == role:
            return current
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    _check_agency_is_member(collaborative, user=user, role=role)
    now = timezone.now()
    if current is not None:
        current.is_active = False
        current.revoked_at = now
        current.revoked_by = _as_recorded(actor)
        current.save(update_fields=["is_active", "revoked_at", "revoked_by"])
    representative = Representative.objects.create(
        collaborative=collaborative, user=user, role=role, granted_by=_as_recorded(actor)
    )
    _forget_cached_roles(user)
    details = {
        "user": str(user.public_id),
        "role": role,
        "previous_role": current.role if current else None,
    }
    if actor is OPERATOR:
        details["granted_by"] = BY_OPERATOR
    audit.record(
        actor=_as_recorded(actor), action="role.granted", target=collaborative, details=details
    )
    return representative


def _check_agency_is_member(collaborative: Collaborative, *, user: Any, role: str) -> None:
    """A representative speaks for their agency, so it must be a member."""
    if user.agency_id is None:
        if role not in ROLES_WITHOUT_AGENCY:
            raise ValidationError(
                {"role": _("Someone without an agency may only be a community member or analyst.")}
            )
        return
    if not AgencyMembership.objects.filter(
        collaborative=collaborative, agency_id=user.agency_id, is_active=True
    ).exists():
        raise ValidationError(_("This person's agency is not a member of the collaborative."))


@transaction.atomic
def revoke_role(collaborative: Collaborative, *, user: Any, actor: User) -> Representative:
    """End the user's role in the collaborative; access ends on their next request (S7)."""
    current = (
        Representative.objects.select_for_update()
        .filter(collaborative=collaborative, user=user, is_active=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This person holds no role here."))
    _check_may_take(collaborative, user=user, role=current.role, actor=actor)
    current.is_active = False
    current.revoked_at = timezone.now()
    current.revoked_by = _as_recorded(actor)
    current.save(update_fields=["is_active", "revoked_at", "revoked_by"])
    _forget_cached_roles(user)
    details = {"user": str(user.public_id), "role": current.role}
    if actor is OPERATOR:
        details["revoked_by"] = BY_OPERATOR
    audit.record(
        actor=_as_recorded(actor), action="role.revoked", target=collaborative, details=details
    )
    return current


# The avenue tool -----------------------------------------------------------------


@transaction.atomic
def record_avenue_assessment(
    *,
    answers: Mapping[str, object],
    collaborative: Collaborative | None = None,
    existing_collaborative: Collaborative | None = None,
    existing_name: str = "",
    actor: User,
) -> AvenueAssessment:
    """Save the answers and the recommendation they lead to."""
    if collaborative is not None:
        _require(actor, collaborative, "avenue.use")
    if existing_collaborative is not None and _current_role(actor, existing_collaborative) is None:
        raise PermissionDenied
    if existing_collaborative is None and not existing_name.strip():
        raise ValidationError(_("Name the existing collaborative you are comparing with."))
    cleaned = avenue.clean_answers(answers)
    recommendation = avenue.recommend(cleaned)
    assessment = AvenueAssessment.objects.create(
        collaborative=collaborative,
        existing_collaborative=existing_collaborative,
        existing_name=existing_name.strip()[:200],
        answers=cleaned,
        outcome=recommendation.outcome,
        reasons=recommendation.reasons,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="avenue.assessed",
        target=assessment,
        details={"outcome": recommendation.outcome},
    )
    return assessment
