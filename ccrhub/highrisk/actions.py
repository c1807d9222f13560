"""Every change to referrals, conferences, research returns and SMART actions; each
audited in the transaction that makes it. Audit details hold ids, flags and counts
only: names, contacts, returns, action wording and minutes never enter the trail."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.cases.models import Case
from ccrhub.highrisk import queries
from ccrhub.highrisk.access import (
    MANAGE,
    linkable_case,
    may_edit_referral,
    may_submit_returns,
    may_update_action,
    referable_collaborative_ids,
)
from ccrhub.highrisk.models import (
    Action,
    ActionStatus,
    Attendance,
    Cadence,
    Conference,
    ConferenceCase,
    ConferenceStatus,
    Referral,
    ReferralStatus,
    ResearchReturn,
    TeamSettings,
)
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    CollaborativeKind,
    Representative,
)
from ccrhub.partners.queries import can
from ccrhub.risk.models import Assessment
from ccrhub.survivors.models import Survivor

__all__ = ["StaleVersion"]

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
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.version != version:
        raise StaleVersion
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_consent(locked.consented, locked.without_consent_justification)
    if locked.consented:
        locked.without_consent_justification = ""
    locked.version += 1
    fields = sorted({*changes, "without_consent_justification", "version", "updated_at"})
    locked.save(update_fields=fields)
    record(
        actor=actor,
        action="highrisk.referral_updated",
        target=locked,
        compartment="highrisk",
        details={"fields": sorted(changes)},
    )
    return locked


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


@transaction.atomic
def schedule_conference(
    collaborative: Collaborative, *, held_on: datetime.date, cadence: str, actor: User
) -> Conference:
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    if collaborative.kind != CollaborativeKind.MARAC:
        raise ValidationError({"collaborative": [_("Choose a high-risk team.")]})
    if cadence not in Cadence.values:
        raise ValidationError({"cadence": [_("Choose a cadence.")]})
    conference = Conference.objects.create(
        collaborative=collaborative, held_on=held_on, cadence=cadence, created_by=actor
    )
    record(
        actor=actor,
        action="highrisk.conference_scheduled",
        target=conference,
        details={"cadence": cadence},
    )
    return conference


def _check_manage(conference: Conference, actor: User) -> None:
    if not can(actor, MANAGE, conference.collaborative_id):
        raise PermissionDenied


@transaction.atomic
def build_agenda(conference: Conference, *, actor: User) -> list[ConferenceCase]:
    """List every referral awaiting a conference and order the whole agenda: children's
    cases first, then repeats, then by the date referred."""
    _check_manage(conference, actor)
    waiting = queries.awaiting_listing(conference)
    for referral in waiting:
        ConferenceCase.objects.get_or_create(
            conference=conference,
            referral=referral,
            defaults={
                "has_children": referral.has_children,
                "is_repeat": referral.is_repeat,
                "previous_over_12_months": referral.previous_over_12_months,
            },
        )
    Referral.objects.filter(pk__in=[r.pk for r in waiting]).update(
        status=ReferralStatus.LISTED, updated_at=timezone.now()
    )
    entries = list(ConferenceCase.objects.filter(conference=conference).select_related("referral"))
    entries.sort(key=lambda entry: queries.agenda_sort_key(entry.referral))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    ConferenceCase.objects.bulk_update(entries, ["position"])
    record(
        actor=actor,
        action="highrisk.agenda_built",
        target=conference,
        details={"added": len(waiting), "cases": len(entries)},
    )
    return entries


@transaction.atomic
def submit_return(
    entry: ConferenceCase, *, actor: User, content: str, nothing_known: bool = False
) -> ResearchReturn:
    """The actor's agency's research for one case (replacing an earlier one)."""
    conference = entry.conference
    if not may_submit_returns(actor, conference):
        raise PermissionDenied
    if not content.strip() and not nothing_known:
        raise ValidationError(
            {"content": [_("Write what your agency holds, or tick nothing known.")]}
        )
    research, created = ResearchReturn.objects.update_or_create(
        conference_case=entry,
        agency_id=actor.agency_id,
        defaults={
            "content": content,
            "nothing_known": nothing_known,
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
    )
    record(
        actor=actor,
        action="highrisk.return_submitted",
        target=conference,
        details={"case": entry.pk, "agency": actor.agency_id, "replaced": not created},
    )
    return research


@transaction.atomic
def record_discussion(entry: ConferenceCase, *, seconds: int | None, actor: User) -> ConferenceCase:
    _check_manage(entry.conference, actor)
    entry.discussed = True
    entry.seconds_spent = seconds if seconds is None or seconds >= 0 else None
    entry.save(update_fields=["discussed", "seconds_spent"])
    record(
        actor=actor,
        action="highrisk.case_discussed",
        target=entry.conference,
        details={"case": entry.pk, "seconds": entry.seconds_spent},
    )
    return entry


@transaction.atomic
def record_action(
    entry: ConferenceCase,
    *,
    actor: User,
    owner_agency: Agency,
    risk_target: str,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
) -> Action:
    """A SMART action agreed at the meeting for this case."""
    conference = entry.conference
    _check_manage(conference, actor)
    if not _is_member(conference.collaborative_id, owner_agency.pk):
        raise ValidationError({"owner_agency": [_("This agency is not a member of the team.")]})
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ValidationError({"owner": [_("The owner works for another agency.")]})
    if not description.strip():
        raise ValidationError({"description": [_("Say what will be done.")]})
    if due_on < conference.held_on:
        raise ValidationError({"due_on": [_("An action cannot be due before the meeting.")]})
    action = Action.objects.create(
        conference_case=entry,
        owner_agency=owner_agency,
        owner=owner,
        risk_target=risk_target,
        description=description,
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="highrisk.action_recorded",
        target=conference,
        details={"action": action.pk, "risk_target": risk_target, "agency": owner_agency.pk},
    )
    return action


ACTION_CHANGES = frozenset(
    {"status", "status_note", "due_on", "description", "owner", "risk_target"}
)
OWNER_CHANGES = frozenset({"status", "status_note"})


@transaction.atomic
def update_action(action: Action, *, version: int, changes: dict[str, Any], actor: User) -> Action:
    """Report on an action (its owner agency: status and note) or change it (the
    coordinator: anything in `ACTION_CHANGES`)."""
    if not may_update_action(actor, action):
        raise PermissionDenied
    unknown = set(changes) - ACTION_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    collaborative_id = action.conference_case.conference.collaborative_id
    if not can(actor, MANAGE, collaborative_id) and set(changes) - OWNER_CHANGES:
        raise PermissionDenied
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.version != version:
        raise StaleVersion
    status = changes.get("status", locked.status)
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if (
        status in {ActionStatus.NOT_POSSIBLE, ActionStatus.NOT_DONE}
        and not str(changes.get("status_note", locked.status_note)).strip()
    ):
        raise ValidationError({"status_note": [_("Say why the action was not completed.")]})
    for name, value in changes.items():
        setattr(locked, name, value)
    if "status" in changes:
        locked.completed_at = timezone.now() if status == ActionStatus.COMPLETE else None
    locked.version += 1
    locked.save(update_fields=sorted({*changes, "completed_at", "version"}))
    record(
        actor=actor,
        action="highrisk.action_updated",
        target=action.conference_case.conference,
        details={"action": locked.pk, "fields": sorted(changes), "status": status},
    )
    return locked


@transaction.atomic
def record_attendance(
    conference: Conference,
    *,
    actor: User,
    agency: Agency,
    person_name: str,
    kind: str,
    confidentiality_signed: bool,
) -> Attendance:
    """Who attended; nobody attends without signing the confidentiality statement."""
    _check_manage(conference, actor)
    if not confidentiality_signed:
        raise ValidationError(
            {"confidentiality_signed": [_("Everyone present signs the confidentiality statement.")]}
        )
    if kind == "member" and not _is_member(conference.collaborative_id, agency.pk):
        raise ValidationError(
            {"agency": [_("Only member agencies attend; record others as observers.")]}
        )
    attendance = Attendance.objects.create(
        conference=conference,
        agency=agency,
        person_name=person_name,
        kind=kind,
        confidentiality_signed=True,
    )
    record(
        actor=actor,
        action="highrisk.attendance_recorded",
        target=conference,
        details={"agency": agency.pk, "kind": kind},
    )
    return attendance


@transaction.atomic
def save_minutes(conference: Conference, *, version: int, text: str, actor: User) -> Conference:
    _check_manage(conference, actor)
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if locked.version != version:
        raise StaleVersion
    locked.minutes = text
    locked.version += 1
    locked.save(update_fields=["minutes", "version"])
    record(actor=actor, action="highrisk.minutes_saved", target=locked)
    return locked


@transaction.atomic
def close_conference(conference: Conference, *, actor: User) -> Conference:
    """The meeting was held: its listed referrals are heard."""
    _check_manage(conference, actor)
    conference.status = ConferenceStatus.HELD
    conference.version += 1
    conference.save(update_fields=["status", "version"])
    heard = Referral.objects.filter(
        listings__conference=conference, status=ReferralStatus.LISTED
    ).update(status=ReferralStatus.HEARD, updated_at=timezone.now())
    record(
        actor=actor, action="highrisk.conference_held", target=conference, details={"heard": heard}
    )
    return conference


def _addresses(collaborative_id: int, agency_ids: set[int]) -> list[str]:
    return sorted(
        set(
            Representative.objects.filter(
                collaborative_id=collaborative_id,
                is_active=True,
                user__is_active=True,
                user__agency_id__in=agency_ids,
            ).values_list("user__email", flat=True)
        )
    )


def _link(name: str, conference: Conference) -> str:
    return settings.CCRHUB_SITE_URL + reverse(name, kwargs={"public_id": conference.public_id})


@transaction.atomic
def distribute_minutes(conference: Conference, *, actor: User) -> int:
    """Tell the attending agencies' people the minutes are ready. The message carries
    a link only: the minutes stay behind sign-in, readable by attending agencies."""
    from ccrhub.highrisk.access import attending_agency_ids

    _check_manage(conference, actor)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not conference.minutes.strip():
        raise ValidationError({"minutes": [_("Write the minutes first.")]})
    recipients = _addresses(conference.collaborative_id, attending_agency_ids(conference))
    body = _(
        "RESTRICTED. The minutes of the high-risk conference of %(day)s are ready for the "
        "agencies that attended. Read them after signing in:\n%(link)s\n\n"
        "Do not forward this message or share the minutes without the agencies' agreement."
    ) % {"day": conference.held_on.isoformat(), "link": _link("highrisk:minutes", conference)}
    messages = [
        mail.EmailMessage(_("RESTRICTED: high-risk conference minutes"), body, to=[address])
        for address in recipients
    ]
    conference.minutes_distributed_at = timezone.now()
    conference.save(update_fields=["minutes_distributed_at"])
    record(
        actor=actor,
        action="highrisk.minutes_distributed",
        target=conference,
        details={"recipients": len(messages)},
    )
    transaction.on_commit(lambda: mail.get_connection().send_messages(messages))
    return len(messages)


def chase_returns(conference: Conference, *, actor: User | None = None) -> int:
    """E-mail the people of member agencies that have not returned research for every
    case on the agenda. Counts and a link only; audited once."""
    missing = queries.missing_returns(conference)
    messages = []
    for agency_id, count in sorted(missing.items()):
        body = _(
            "Your agency has not yet returned research for %(count)s case(s) on the agenda "
            "of the high-risk conference of %(day)s. Please submit it before the meeting:\n"
            "%(link)s"
        ) % {
            "count": count,
            "day": conference.held_on.isoformat(),
            "link": _link("highrisk:returns", conference),
        }
        for address in _addresses(conference.collaborative_id, {agency_id}):
            messages.append(
                mail.EmailMessage(
                    _("High-risk conference: research returns due"), body, to=[address]
                )
            )
    with transaction.atomic():
        record(
            actor=actor,
            action="highrisk.returns_chased",
            target=conference,
            details={"agencies": len(missing), "messages": len(messages)},
        )
    if messages:
        mail.get_connection().send_messages(messages)
    return len(messages)


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
