"""Referrals to the conference: consent, the prefill from an assessment, referring,
editing and transferring, the team settings, and the record of who viewed a survivor."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases.models import Case
from ccrhub.highrisk import queries
from ccrhub.highrisk.access import (
    MANAGE,
    linkable_case,
    may_edit_referral,
    referable_collaborative_ids,
)
from ccrhub.highrisk.models import (
    Referral,
    ReferralStatus,
    TeamSettings,
)
from ccrhub.lib.concurrency import save_if_current
from ccrhub.partners.models import (
    AgencyMembership,
    Collaborative,
)
from ccrhub.partners.queries import can
from ccrhub.risk.models import Assessment
from ccrhub.survivors.models import Survivor

DASH = "dash"
DASH_HIGH_RISK = 14

# Fields a referral's later edits may change; the pair, criteria computed at creation
# and the repeat flag never change.
REFERRAL_CHANGES = frozenset(
    {
        "victim_name",
        "perpetrator_name",
        "victim_knows",
        "consented",
        "without_consent_justification",
        "safe_contacts",
        "unsafe_contacts",
        "children_count",
        "children_under_18",
        "earlier_referrals_elsewhere",
        "victim_minoritised",
        "victim_disabled",
        "victim_lgbt",
        "victim_male",
        "victim_aged_16_17",
        "perpetrator_under_18",
    }
)
DIVERSITY = (
    "victim_minoritised",
    "victim_disabled",
    "victim_lgbt",
    "victim_male",
    "victim_aged_16_17",
    "perpetrator_under_18",
)


def _check_consent(consented: bool, justification: str) -> None:
    if not consented and not justification.strip():
        raise ValidationError(
            {
                "without_consent_justification": [
                    _("Sharing without consent needs its justification recorded.")
                ]
            }
        )


def _is_member(collaborative_id: int, agency_id: int) -> bool:
    return AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency_id=agency_id, is_active=True
    ).exists()


@dataclass(frozen=True)
class Prefill:
    """What a referral takes from an assessment, so nobody types it again."""

    survivor: Survivor
    visible_high_risk: bool
    dash_score: int | None
    professional_judgement: bool
    judgement_reasons: str
    victim_name: str


def prefill_from(assessment: Assessment) -> Prefill:
    is_dash = assessment.instrument_id.lower().startswith(DASH)
    return Prefill(
        survivor=assessment.survivor,
        visible_high_risk=bool(assessment.meets_threshold),
        dash_score=int(assessment.score) if is_dash else None,
        professional_judgement=bool(assessment.judgement_raised),
        judgement_reasons=str(assessment.judgement_reasons),
        victim_name=str(assessment.survivor.name),
    )


@transaction.atomic
def refer_to_conference(
    collaborative: Collaborative,
    *,
    actor: User,
    victim_ref: str,
    perpetrator_ref: str,
    referred_on: datetime.date,
    survivor: Survivor | None = None,
    assessment: Assessment | None = None,
    linked_case: Case | None = None,
    professional_judgement: bool = False,
    judgement_reasons: str = "",
    victim_knows: bool = False,
    consented: bool = False,
    without_consent_justification: str = "",
    transferred_from: Referral | None = None,
    transferred_from_area: str = "",
    **details: Any,
) -> Referral:
    """A referral of one victim–perpetrator pair to the team by the actor's agency.

    Visible high risk comes from the assessment; potential escalation from the linked
    tracking case; the repeat flag from earlier referrals of the pair. A repeat is
    heard whatever the other criteria say; otherwise one criterion must be met."""
    if transferred_from is None and collaborative.pk not in referable_collaborative_ids(actor):
        raise PermissionDenied
    agency_id = (
        actor.agency_id if transferred_from is None else transferred_from.referring_agency_id
    )
    if agency_id is None:
        raise PermissionDenied
    unknown = set(details) - (REFERRAL_CHANGES - {"victim_knows", "consented"})
    if unknown:
        raise ValueError(f"Unknown referral fields: {sorted(unknown)}")
    visible_high_risk, dash_score = False, None
    if assessment is not None:
        if assessment.agency_id != agency_id:
            raise ValidationError({"assessment": [_("Refer from your own agency's assessment.")]})
        prefill = prefill_from(assessment)
        survivor = survivor or prefill.survivor
        if survivor.pk != assessment.survivor_id:
            raise ValidationError({"assessment": [_("The assessment is of another survivor.")]})
        visible_high_risk, dash_score = prefill.visible_high_risk, prefill.dash_score
        professional_judgement = professional_judgement or prefill.professional_judgement
        judgement_reasons = judgement_reasons or prefill.judgement_reasons
        if not details.get("victim_name"):
            details["victim_name"] = prefill.victim_name
    if survivor is not None and survivor.owner_agency_id != agency_id:
        raise ValidationError({"survivor": [_("Refer your own agency's survivor records only.")]})
    if professional_judgement and not judgement_reasons.strip():
        raise ValidationError(
            {"judgement_reasons": [_("Professional judgement needs its reasons.")]}
        )
    _check_consent(consented, without_consent_justification)
    incidents = 0
    if linked_case is not None:
        if transferred_from is None:
            # The doors find the case with `linkable_case`; a caller of the action
            # with a case in hand gets the same check, restrictions included.
            linkable_case(actor, public_id=linked_case.public_id)
        incidents = queries.police_incidents_within_year(linked_case, referred_on)
    potential_escalation = incidents >= queries.escalation_threshold(collaborative.pk)
    try:
        key = queries.pair_key(victim_ref, perpetrator_ref)
    except ValueError:
        raise ValidationError(
            {"victim_ref": [_("Give an identifier for both the victim and the perpetrator.")]}
        ) from None
    finding = queries.repeat_finding(collaborative.pk, key, referred_on)
    if not (
        visible_high_risk or professional_judgement or potential_escalation or finding.is_repeat
    ):
        raise ValidationError(
            _(
                "No referral criterion is met: record professional judgement with reasons, "
                "link the tracking case for potential escalation, or refer from an "
                "assessment showing visible high risk."
            )
        )
    referral = Referral.objects.create(
        collaborative=collaborative,
        referring_agency_id=agency_id,
        referred_by=actor,
        referred_on=referred_on,
        survivor=survivor,
        assessment=assessment,
        pair_key=key,
        perpetrator_key=queries.perpetrator_key(survivor, perpetrator_ref) if survivor else "",
        visible_high_risk=visible_high_risk,
        dash_score=dash_score,
        professional_judgement=professional_judgement,
        judgement_reasons=judgement_reasons if professional_judgement else "",
        potential_escalation=potential_escalation,
        linked_case=linked_case,
        police_incidents_12m=incidents,
        is_repeat=finding.is_repeat,
        repeat_of=finding.previous if finding.is_repeat else None,
        previous_over_12_months=finding.previous_over_12_months,
        victim_knows=victim_knows,
        consented=consented,
        without_consent_justification="" if consented else without_consent_justification,
        transferred_from=transferred_from,
        transferred_from_area=transferred_from_area,
        **details,
    )
    record(
        actor=actor,
        action="highrisk.referred",
        target=referral,
        compartment="highrisk",
        details={
            "repeat": finding.is_repeat,
            "criteria": _criteria_codes(referral),
            "incidents": incidents,
            "consented": consented,
            "transferred": transferred_from is not None,
        },
    )
    return referral


def _criteria_codes(referral: Referral) -> list[str]:
    flags = {
        "visible_high_risk": referral.visible_high_risk,
        "professional_judgement": referral.professional_judgement,
        "potential_escalation": referral.potential_escalation,
        "repeat": referral.is_repeat,
    }
    return [name for name, on in flags.items() if on]


@transaction.atomic
def update_referral(
    referral: Referral, *, version: int, changes: dict[str, Any], actor: User
) -> Referral:
    if not may_edit_referral(actor, referral):
        raise PermissionDenied
    unknown = set(changes) - REFERRAL_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    # Checked against the version read: the write below only lands on that version.
    consented = changes.get("consented", referral.consented)
    justification = changes.get(
        "without_consent_justification", referral.without_consent_justification
    )
    _check_consent(consented, justification)
    written = {**changes, "without_consent_justification": "" if consented else justification}
    save_if_current(referral, version, written)
    record(
        actor=actor,
        action="highrisk.referral_updated",
        target=referral,
        compartment="highrisk",
        details={"fields": sorted(changes)},
    )
    return referral


@transaction.atomic
def update_team_settings(
    team: Collaborative,
    *,
    adult_women_population: int | None,
    escalation_incidents: int | None,
    actor: User,
) -> TeamSettings:
    """The figures a team's measures and criteria need; the coordinator's to set."""
    if not can(actor, MANAGE, team.pk):
        raise PermissionDenied
    team_settings, _created = TeamSettings.objects.update_or_create(
        collaborative=team,
        defaults={
            "adult_women_population": adult_women_population,
            "escalation_incidents": escalation_incidents,
        },
    )
    record(
        actor=actor,
        action="highrisk.settings_changed",
        target=team,
        compartment="highrisk",
        details={
            "adult_women_population": adult_women_population,
            "escalation_incidents": escalation_incidents,
        },
    )
    return team_settings


@transaction.atomic
def transfer_referral(
    referral: Referral, *, to_collaborative: Collaborative, referred_on: datetime.date, actor: User
) -> Referral:
    """MARAC-to-MARAC transfer when the victim moves: the receiving team gets a referral
    carrying the pair, criteria and consent; the sending one marks it transferred."""
    if not can(actor, MANAGE, referral.collaborative_id):
        raise PermissionDenied
    if to_collaborative.pk == referral.collaborative_id or to_collaborative.kind != "marac":
        raise ValidationError({"to_collaborative": [_("Choose another high-risk team.")]})
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    incoming = Referral.objects.create(
        collaborative=to_collaborative,
        referring_agency_id=locked.referring_agency_id,
        referred_by=actor,
        referred_on=referred_on,
        survivor=locked.survivor,
        assessment=locked.assessment,
        pair_key=locked.pair_key,
        perpetrator_key=locked.perpetrator_key,
        visible_high_risk=locked.visible_high_risk,
        dash_score=locked.dash_score,
        professional_judgement=locked.professional_judgement,
        judgement_reasons=locked.judgement_reasons,
        potential_escalation=locked.potential_escalation,
        police_incidents_12m=locked.police_incidents_12m,
        is_repeat=queries.repeat_finding(
            to_collaborative.pk, locked.pair_key, referred_on
        ).is_repeat,
        victim_knows=locked.victim_knows,
        consented=locked.consented,
        without_consent_justification=locked.without_consent_justification,
        safe_contacts=locked.safe_contacts,
        unsafe_contacts=locked.unsafe_contacts,
        victim_name=locked.victim_name,
        perpetrator_name=locked.perpetrator_name,
        children_count=locked.children_count,
        children_under_18=locked.children_under_18,
        earlier_referrals_elsewhere=locked.earlier_referrals_elsewhere,
        transferred_from=locked,
        transferred_from_area=str(locked.collaborative.area or locked.collaborative.name),
        **{name: getattr(locked, name) for name in DIVERSITY},
    )
    locked.status = ReferralStatus.TRANSFERRED_OUT
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    record(
        actor=actor,
        action="highrisk.transferred",
        target=locked,
        compartment="highrisk",
        details={"to_collaborative": to_collaborative.pk, "referral": incoming.pk},
    )
    return incoming


def record_survivor_view(user: Any, referral: Referral, categories: list[str], via: str) -> None:
    """Audit a read of the survivor's data by someone outside the referring agency (S10):
    they see it only under a release or recorded basis, and every such view is logged."""
    from ccrhub.highrisk.access import is_referrer_staff
    from ccrhub.survivors.actions import record_shared_view

    survivor = referral.survivor
    if survivor is None or is_referrer_staff(user, referral):
        return
    record_shared_view(
        str(survivor.public_id),
        actor=user,
        owner_agency_id=survivor.owner_agency_id,
        categories=categories,
        via=via,
    )
