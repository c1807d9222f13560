"""Fetch and authorise high-risk referrals, conferences, cases and actions.

Members of a high-risk team (`highrisk.view`) see its referrals, agendas and actions;
what they may not see answers exactly like what does not exist (404, S3). A referral
restricted against a user is a 404 to them and shows as "Restricted" on the agenda.
Identifying fields of a referral (names, contacts, the reasons for sharing without
consent) are for the referring agency's staff and for those a release or recorded
basis lets read the survivor's identity; the address is never copied into a referral
and appears only where the survivor compartment says it may (S10, S13).
Minutes are read only by the agencies that attended, and by the coordinator: the
rule CCR meetings share (`ccrhub.lib.sittings`).
"""

import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from ccrhub.accounts.models import Restriction
from ccrhub.accounts.restrictions import refuse_if_restricted
from ccrhub.cases.access import visible_cases
from ccrhub.cases.models import Case
from ccrhub.highrisk.models import (
    Action,
    Conference,
    ConferenceCase,
    Referral,
)
from ccrhub.lib import sittings
from ccrhub.lib.access import access_scoped, access_within, collaboratives_where, holds
from ccrhub.lib.sittings import Permissions
from ccrhub.partners.models import AgencyMembership, Collaborative, CollaborativeKind
from ccrhub.risk.models import Assessment
from ccrhub.survivors.access import may_read_survivor

VIEW = "highrisk.view"
REFER = "highrisk.refer"
MANAGE = "highrisk.manage"
SITTINGS = Permissions(view=VIEW, manage=MANAGE)


def linkable_case(
    user: Any, *, public_id: uuid.UUID | None = None, reference: str = ""
) -> Case | None:
    """The tracking case a referral links to, by public id (the API) or reference (the
    page), among the cases the user may see — restrictions included. A case hidden
    from the user gets exactly the answer of one that does not exist (S3)."""
    if not public_id and not reference:
        return None
    cases = visible_cases(user)
    found = cases.filter(public_id=public_id) if public_id else cases.filter(external_ref=reference)
    case = found.first()
    if case is None:
        raise ValidationError(
            {"linked_case": [_("No tracking case you can see has this reference.")]}
        )
    return case


def referable_assessment(user: Any, public_id: Any) -> Assessment:
    """An assessment of the user's own agency to refer from, by its public id; 404 for
    any other, as for one that does not exist (S3). The page and the API both ask here."""
    agency_id = getattr(user, "agency_id", None)
    return access_within(
        Assessment.objects.select_related("survivor"),
        user,
        public_id,
        scope="agency_id",
        within=[agency_id] if agency_id is not None else [],
    )


def team_ids(user: Any, permission: str) -> list[int]:
    """The user's high-risk teams (MARAC-kind collaboratives) where their role grants
    `permission`; the same permission in a CCR opens nothing here."""
    ids = collaboratives_where(user, permission)
    if not ids:
        return []
    return list(
        Collaborative.objects.filter(pk__in=ids, kind=CollaborativeKind.MARAC).values_list(
            "pk", flat=True
        )
    )


def require_highrisk_role(user: Any) -> list[int]:
    """Ids of the high-risk teams whose work the user sees; 403 if none."""
    ids = team_ids(user, VIEW)
    if not ids:
        raise PermissionDenied
    return ids


def referable_collaborative_ids(user: Any) -> list[int]:
    """Teams the user may refer to: a referring role, and their agency an active member."""
    ids = team_ids(user, REFER)
    agency_id = getattr(user, "agency_id", None)
    if not ids or agency_id is None:
        return []
    return sorted(
        AgencyMembership.objects.filter(
            collaborative_id__in=ids, agency_id=agency_id, is_active=True
        ).values_list("collaborative_id", flat=True)
    )


def is_referrer_staff(user: Any, referral: Referral) -> bool:
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and agency_id == referral.referring_agency_id


def may_see_identity(user: Any, referral: Referral) -> bool:
    """Names, contacts and consent reasons of the referral."""
    if is_referrer_staff(user, referral):
        return True
    survivor = referral.survivor
    return survivor is not None and may_read_survivor(user, survivor, "identity")


def address_for(user: Any, referral: Referral) -> str:
    """The survivor's address as this user may see it, or "" (S10, S13)."""
    survivor = referral.survivor
    if survivor is None or not may_read_survivor(user, survivor, "address"):
        return ""
    owner = getattr(user, "agency_id", None) == survivor.owner_agency_id
    if survivor.address_confidentiality and not owner:
        return str(survivor.substitute_address)
    return str(survivor.address)


def may_edit_referral(user: Any, referral: Referral) -> bool:
    if holds(user, MANAGE, referral.collaborative_id):
        return True
    return is_referrer_staff(user, referral) and holds(user, REFER, referral.collaborative_id)


def restricted_referral_ids(user: Any, referral_ids: list[int]) -> set[int]:
    """Which of these referrals are restricted against the user (one query)."""
    if not referral_ids:
        return set()
    against = Q(kind__in=[Restriction.Kind.USER, Restriction.Kind.PARTY], user_id=user.pk)
    if getattr(user, "unit_id", None) is not None:
        against |= Q(kind=Restriction.Kind.UNIT, unit_id=user.unit_id)
    return set(
        Restriction.objects.filter(
            content_type=ContentType.objects.get_for_model(Referral),
            object_id__in=referral_ids,
        )
        .filter(against)
        .values_list("object_id", flat=True)
    )


def access_referral(user: Any, public_id: Any, *, write: bool = False) -> Referral:
    referrals = Referral.objects.for_list().select_related("survivor")
    return access_scoped(
        referrals,
        user,
        public_id,
        permission=VIEW,
        refuse=refuse_if_restricted,
        write=write,
        writes=may_edit_referral,
    )


def access_conference(user: Any, public_id: Any, *, manage: bool = False) -> Conference:
    conferences = Conference.objects.select_related("collaborative")
    return access_scoped(conferences, user, public_id, permission=VIEW, write=manage, writes=MANAGE)


def _refuse_restricted_referral(user: Any, row: ConferenceCase | Action) -> None:
    entry = row if isinstance(row, ConferenceCase) else row.conference_case
    refuse_if_restricted(user, entry.referral)


def access_conference_case(user: Any, public_id: Any, *, manage: bool = False) -> ConferenceCase:
    entries = ConferenceCase.objects.select_related("conference__collaborative", "referral")
    return access_scoped(
        entries,
        user,
        public_id,
        permission=VIEW,
        scope="conference__collaborative_id",
        refuse=_refuse_restricted_referral,
        write=manage,
        writes=MANAGE,
    )


def may_update_action(user: Any, action: Action) -> bool:
    """Its status: the coordinator, or the staff of the owning agency (`ccrhub.lib.sittings`)."""
    return sittings.may_update_action(
        user,
        collaborative_id=action.conference_case.conference.collaborative_id,
        owner_agency_id=action.owner_agency_id,
        permissions=SITTINGS,
    )


def access_action(user: Any, public_id: Any, *, write: bool = False) -> Action:
    return access_scoped(
        Action.objects.for_list(),
        user,
        public_id,
        permission=VIEW,
        scope="conference_case__conference__collaborative_id",
        refuse=_refuse_restricted_referral,
        write=write,
        writes=may_update_action,
    )


def attending_agency_ids(conference: Conference) -> set[int]:
    return sittings.attending_agency_ids(conference.attendance.all())


def may_read_minutes(user: Any, conference: Conference) -> bool:
    """The coordinator, and staff of the agencies that attended (not observers): a
    conference's minutes are always restricted, and have no draft stage."""
    minutes = sittings.Minutes(
        collaborative_id=conference.collaborative_id,
        released=True,
        restricted=True,
        attendance=conference.attendance.all(),
    )
    return sittings.may_read_minutes(user, minutes, SITTINGS)


def access_minutes(user: Any, public_id: Any) -> Conference:
    """The conference whose minutes the user may read; 404 for everybody else."""
    conference = access_conference(user, public_id)
    if not may_read_minutes(user, conference):
        raise Http404
    return conference


def may_submit_returns(user: Any, conference: Conference) -> bool:
    agency_id = getattr(user, "agency_id", None)
    return (
        agency_id is not None
        and holds(user, VIEW, conference.collaborative_id)
        and AgencyMembership.objects.filter(
            collaborative_id=conference.collaborative_id, agency_id=agency_id, is_active=True
        ).exists()
    )
