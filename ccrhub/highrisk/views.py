"""Pages of /highrisk/: referrals, conferences and their agendas, research returns, the
meeting, SMART actions, restricted minutes and the team's measures."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.highrisk import actions, queries
from ccrhub.highrisk.access import (
    MANAGE,
    REFER,
    access_action,
    access_conference,
    access_conference_case,
    access_minutes,
    access_referral,
    address_for,
    linkable_case,
    may_edit_referral,
    may_read_minutes,
    may_see_identity,
    may_submit_returns,
    may_update_action,
    referable_assessment,
    referable_collaborative_ids,
    require_highrisk_role,
    restricted_referral_ids,
    team_ids,
)
from ccrhub.highrisk.forms import (
    ActionForm,
    ActionStatusForm,
    AttendanceForm,
    ConferenceForm,
    DiscussedForm,
    MinutesForm,
    ReferralForm,
    ReturnForm,
    TeamSettingsForm,
    TransferForm,
)
from ccrhub.highrisk.measures import export_data_return, measures_of, quarter_of
from ccrhub.highrisk.models import Action, Conference, ReferralStatus, TeamSettings
from ccrhub.lib import tabular
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, CollaborativeKind
from ccrhub.partners.queries import can

VIEW = "highrisk.view"


def _conference_redirect(conference: Conference, name: str = "highrisk:conference-detail") -> Any:
    return redirect(name, public_id=conference.public_id)


def _member_agencies(collaborative_id: int) -> Any:
    members = AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, is_active=True
    ).values("agency_id")
    return Agency.objects.filter(pk__in=members).order_by("name")


# --- Referrals ---------------------------------------------------------------


@requires(VIEW)
def referral_list(request: HttpRequest) -> HttpResponse:
    ids = require_highrisk_role(request.user)
    referrals = list(queries.referrals_for_list(ids)[:500])
    hidden = restricted_referral_ids(request.user, [r.pk for r in referrals])
    context = {
        "referrals": [r for r in referrals if r.pk not in hidden],
        "may_refer": bool(referable_collaborative_ids(request.user)),
    }
    return render(request, "highrisk/referral_list.html", context)


@requires(REFER)
def referral_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    ids = referable_collaborative_ids(user)
    if not ids:
        raise PermissionDenied
    assessment = None
    if request.GET.get("assessment"):
        assessment = referable_assessment(user, request.GET["assessment"])
    initial: dict[str, Any] = {"referred_on": timezone.localdate()}
    if assessment is not None:
        prefill = actions.prefill_from(assessment)
        survivor = prefill.survivor
        initial.update(
            victim_name=prefill.victim_name,
            victim_ref=" ".join(filter(None, [str(survivor.name), str(survivor.date_of_birth)])),
            professional_judgement=prefill.professional_judgement,
            judgement_reasons=prefill.judgement_reasons,
            safe_contacts=str(survivor.safe_contact),
        )
    form = ReferralForm(
        request.POST or None, initial=initial, collaboratives=queries.high_risk_teams(ids)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collaborative = data.pop("collaborative")
        try:
            data["linked_case"] = linkable_case(user, reference=data.pop("linked_case"))
            referral = actions.refer_to_conference(
                collaborative, actor=user, assessment=assessment, **data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Referral made."))
            return redirect("highrisk:referral-detail", public_id=referral.public_id)
    context = {"form": form, "assessment": assessment}
    return render(request, "highrisk/referral_form.html", context)


@requires(VIEW)
def referral_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    referral = access_referral(request.user, public_id)
    identity = may_see_identity(request.user, referral)
    address = address_for(request.user, referral) if identity else ""
    if identity:
        shown = ["identity", "address"] if address else ["identity"]
        actions.record_survivor_view(request.user, referral, shown, via="highrisk:referral")
    context = {
        "referral": referral,
        "identity": identity,
        "address": address,
        "may_edit": may_edit_referral(request.user, referral),
        "may_transfer": can(request.user, MANAGE, referral.collaborative_id)
        and referral.status != ReferralStatus.TRANSFERRED_OUT,
        "listings": referral.listings.select_related("conference").order_by("conference__held_on"),
        # The team's coordinator oversees who outside the referring agency reads it (S20).
        "survivor_report": referral.survivor_id is not None
        and can(request.user, "audit.view", referral.collaborative_id),
    }
    return render(request, "highrisk/referral_detail.html", context)


# --- Conferences -------------------------------------------------------------


@requires(VIEW, within=CollaborativeKind.MARAC)
def conference_list(request: HttpRequest) -> HttpResponse:
    ids = require_highrisk_role(request.user)
    context = {
        "conferences": queries.conferences_for_list(ids),
        "may_schedule": bool(team_ids(request.user, MANAGE)),
        "may_refer": bool(referable_collaborative_ids(request.user)),
        "teams": queries.high_risk_teams(ids),
        "managed": set(team_ids(request.user, MANAGE)),
    }
    return render(request, "highrisk/conference_list.html", context)


@requires(MANAGE)
def conference_create(request: HttpRequest) -> HttpResponse:
    ids = team_ids(request.user, MANAGE)
    if not ids:
        raise PermissionDenied
    form = ConferenceForm(request.POST or None, collaboratives=queries.high_risk_teams(ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = actions.schedule_conference(
                data["collaborative"],
                held_on=data["held_on"],
                cadence=data["cadence"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Conference scheduled."))
            return _conference_redirect(conference)
    return render(request, "highrisk/conference_form.html", {"form": form})


def _agenda_rows(user: Any, conference: Conference) -> list[dict[str, Any]]:
    """The agenda as this user may see it: restricted cases show as "Restricted"."""
    entries = list(queries.agenda_of(conference))
    hidden = restricted_referral_ids(user, [e.referral_id for e in entries])
    return [{"entry": e, "restricted": e.referral_id in hidden} for e in entries]


@requires(VIEW)
def conference_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    conference = access_conference(request.user, public_id)
    manage = can(request.user, MANAGE, conference.collaborative_id)
    context = {
        "conference": conference,
        "rows": _agenda_rows(request.user, conference),
        "manage": manage,
        "waiting": len(queries.awaiting_listing(conference)) if manage else 0,
        "passed": queries.twelve_months_passed(conference) if manage else [],
        "may_read_minutes": may_read_minutes(request.user, conference),
        "may_submit_returns": may_submit_returns(request.user, conference),
    }
    return render(request, "highrisk/conference_detail.html", context)


@requires(MANAGE)
@require_POST
def agenda_build(request: HttpRequest, public_id: str) -> HttpResponse:
    conference = access_conference(request.user, public_id, manage=True)
    entries = actions.build_agenda(conference, actor=signed_in_user(request))
    messages.success(request, _("Agenda built: %(n)s cases.") % {"n": len(entries)})
    return _conference_redirect(conference)


@requires(MANAGE)
@require_POST
def conference_close(request: HttpRequest, public_id: str) -> HttpResponse:
    conference = access_conference(request.user, public_id, manage=True)
    actions.close_conference(conference, actor=signed_in_user(request))
    messages.success(request, _("The conference is recorded as held."))
    return _conference_redirect(conference)


@requires(VIEW)
def returns(request: HttpRequest, public_id: str) -> HttpResponse:
    """The user's agency's research returns for every case on the agenda."""
    user = signed_in_user(request)
    conference = access_conference(user, public_id)
    if not may_submit_returns(user, conference):
        raise PermissionDenied
    rows = _agenda_rows(user, conference)
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            entry = access_conference_case(user, form.cleaned_data["case"])
            if entry.conference_id != conference.pk:
                raise Http404
            try:
                actions.submit_return(
                    entry,
                    content=form.cleaned_data["content"],
                    nothing_known=form.cleaned_data["nothing_known"],
                    actor=user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Research return saved."))
            return _conference_redirect(conference, "highrisk:returns")
    mine = {
        r.conference_case_id: r
        for r in queries.conference_returns(conference).filter(agency_id=user.agency_id)
    }
    for row in rows:
        row["return"] = mine.get(row["entry"].pk)
    manage = can(user, MANAGE, conference.collaborative_id)
    missing: list[tuple[Agency, int]] = []
    if manage:
        counts = queries.missing_returns(conference)
        names = Agency.objects.in_bulk(list(counts))
        missing = sorted(((names[a], n) for a, n in counts.items()), key=lambda p: p[0].name)
    context = {"conference": conference, "rows": rows, "manage": manage, "missing": missing}
    return render(request, "highrisk/returns.html", context)


@requires(VIEW)
def meeting(request: HttpRequest, public_id: str) -> HttpResponse:
    """The meeting: the agenda in order, each case with its returns, actions and timer."""
    user = signed_in_user(request)
    conference = access_conference(user, public_id)
    manage = can(user, MANAGE, conference.collaborative_id)
    rows = _agenda_rows(user, conference)
    visible = [row["entry"].pk for row in rows if not row["restricted"]]
    all_returns = queries.conference_returns(conference).filter(conference_case_id__in=visible)
    if not manage:
        all_returns = all_returns.filter(agency_id=user.agency_id)
    by_case: dict[int, list[Any]] = {}
    for research in all_returns.select_related("agency"):
        by_case.setdefault(research.conference_case_id, []).append(research)
    actions_by_case: dict[int, list[Action]] = {}
    for action in Action.objects.for_list().filter(conference_case_id__in=visible):
        actions_by_case.setdefault(action.conference_case_id, []).append(action)
    for row in rows:
        row["returns"] = by_case.get(row["entry"].pk, [])
        row["actions"] = actions_by_case.get(row["entry"].pk, [])
    context = {"conference": conference, "rows": rows, "manage": manage, "minutes_per_case": 15}
    return render(request, "highrisk/meeting.html", context)


@requires(MANAGE)
@require_POST
def case_discussed(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = access_conference_case(request.user, public_id, manage=True)
    form = DiscussedForm(request.POST)
    seconds = form.cleaned_data["seconds"] if form.is_valid() else None
    actions.record_discussion(entry, seconds=seconds, actor=signed_in_user(request))
    response = redirect("highrisk:meeting", public_id=entry.conference.public_id)
    response["Location"] += f"#case-{entry.public_id}"
    return response


@requires(MANAGE)
def action_create(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = access_conference_case(request.user, public_id, manage=True)
    agencies = _member_agencies(entry.conference.collaborative_id)
    people = User.objects.filter(agency__in=agencies, is_active=True).order_by("full_name")
    form = ActionForm(request.POST or None, agencies=agencies, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_action(entry, actor=signed_in_user(request), **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Action recorded."))
            response = redirect("highrisk:meeting", public_id=entry.conference.public_id)
            response["Location"] += f"#case-{entry.public_id}"
            return response
    return render(request, "highrisk/action_form.html", {"form": form, "entry": entry})


@requires(VIEW)
def action_list(request: HttpRequest) -> HttpResponse:
    """The actions of the user's agency (every action, for the coordinator)."""
    user = signed_in_user(request)
    ids = require_highrisk_role(user)
    managed = team_ids(user, MANAGE)
    items = Action.objects.for_list().filter(conference_case__conference__collaborative_id__in=ids)
    if not managed:
        items = items.filter(owner_agency_id=user.agency_id)
    else:
        items = items.filter(
            conference_case__conference__collaborative_id__in=managed
        ) | items.filter(owner_agency_id=user.agency_id)
    listed = list(items.order_by("status", "due_on", "id")[:500])
    hidden = restricted_referral_ids(user, [a.conference_case.referral_id for a in listed])
    context = {
        "actions": [a for a in listed if a.conference_case.referral_id not in hidden],
        "today": timezone.localdate(),
        "manage": bool(managed),
    }
    return render(request, "highrisk/action_list.html", context)


@requires(VIEW)
def action_update(request: HttpRequest, public_id: str) -> HttpResponse:
    action = access_action(request.user, public_id)
    writable = may_update_action(request.user, action)
    form = ActionStatusForm(
        request.POST or None,
        initial={
            "version": action.version,
            "status": action.status,
            "status_note": action.status_note,
        },
    )
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_action(
                    action,
                    version=data["version"],
                    changes={"status": data["status"], "status_note": data["status_note"]},
                    actor=signed_in_user(request),
                )
            except actions.StaleVersion:
                form.add_error(None, _("Someone changed this action meanwhile; reload it."))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Action updated."))
                return redirect("highrisk:action-list")
    context = {"action": action, "form": form, "writable": writable}
    return render(request, "highrisk/action_detail.html", context)


@requires(VIEW)
def action_report(request: HttpRequest, public_id: str) -> HttpResponse:
    """Before a meeting: the status of the actions agreed at earlier ones."""
    user = signed_in_user(request)
    conference = access_conference(user, public_id)
    listed = list(queries.action_report(conference))
    hidden = restricted_referral_ids(user, [a.conference_case.referral_id for a in listed])
    context = {
        "conference": conference,
        "actions": [a for a in listed if a.conference_case.referral_id not in hidden],
        "today": timezone.localdate(),
    }
    return render(request, "highrisk/action_report.html", context)


@requires(MANAGE)
def escalations(request: HttpRequest) -> HttpResponse:
    """For the steering group: actions persistently not completed."""
    ids = team_ids(request.user, MANAGE)
    if not ids:
        raise PermissionDenied
    today = timezone.localdate()
    teams = [
        (team, list(queries.escalations(team.pk, today))) for team in queries.high_risk_teams(ids)
    ]
    return render(request, "highrisk/escalations.html", {"teams": teams, "today": today})


@requires(MANAGE)
def attendance(request: HttpRequest, public_id: str) -> HttpResponse:
    conference = access_conference(request.user, public_id, manage=True)
    form = AttendanceForm(request.POST or None, agencies=Agency.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_attendance(
                conference, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return _conference_redirect(conference, "highrisk:attendance")
    context = {
        "conference": conference,
        "form": form,
        "present": conference.attendance.select_related("agency"),
    }
    return render(request, "highrisk/attendance.html", context)


@requires(VIEW)
def minutes(request: HttpRequest, public_id: str) -> HttpResponse:
    """Restricted minutes: attending agencies and the coordinator only (404 otherwise)."""
    conference = access_minutes(request.user, public_id)
    manage = can(request.user, MANAGE, conference.collaborative_id)
    form = MinutesForm(
        request.POST or None, initial={"version": conference.version, "minutes": conference.minutes}
    )
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.save_minutes(
                    conference,
                    version=form.cleaned_data["version"],
                    text=form.cleaned_data["minutes"],
                    actor=signed_in_user(request),
                )
            except actions.StaleVersion:
                form.add_error(None, _("Someone changed the minutes meanwhile; reload them."))
            else:
                messages.success(request, _("Minutes saved."))
                return _conference_redirect(conference, "highrisk:minutes")
    context = {
        "conference": conference,
        "form": form,
        "manage": manage,
        "present": conference.attendance.select_related("agency"),
        "rows": _agenda_rows(request.user, conference),
    }
    return render(request, "highrisk/minutes.html", context)


@requires(MANAGE)
@require_POST
def minutes_distribute(request: HttpRequest, public_id: str) -> HttpResponse:
    conference = access_conference(request.user, public_id, manage=True)
    try:
        sent = actions.distribute_minutes(conference, actor=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s people of attending agencies told.") % {"n": sent})
    return _conference_redirect(conference, "highrisk:minutes")


# --- Measures ----------------------------------------------------------------


def _team(user: Any, public_id: str) -> Collaborative:
    ids = team_ids(user, VIEW)
    team = Collaborative.objects.filter(public_id=parse_public_id(public_id), pk__in=ids).first()
    if team is None:
        raise Http404
    return team


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    try:
        day = datetime.date.fromisoformat(request.GET.get("quarter", ""))
    except ValueError:
        day = timezone.localdate()
    return quarter_of(day)


@requires(VIEW)
def measures(request: HttpRequest, public_id: str) -> HttpResponse:
    team = _team(request.user, public_id)
    manage = can(request.user, MANAGE, team.pk)
    start, end = _period(request)
    year = measures_of(team, start=end - datetime.timedelta(days=364), end=end, suppress=not manage)
    quarter = measures_of(team, start=start, end=end, suppress=not manage)
    previous = (start - datetime.timedelta(days=1)).isoformat()
    context = {
        "team": team,
        "year": year,
        "quarter": quarter,
        "manage": manage,
        "previous": previous,
    }
    return render(request, "highrisk/measures.html", context)


@requires(MANAGE)
def data_return(request: HttpRequest, public_id: str) -> HttpResponse:
    """The quarterly MARAC data return as CSV (exact counts: the coordinator's)."""
    team = _team(request.user, public_id)
    if not can(request.user, MANAGE, team.pk):
        raise PermissionDenied
    start, end = _period(request)
    content = export_data_return(team, start=start, end=end, actor=signed_in_user(request))
    return tabular.attachment(content, filename=f"marac-return-{start.isoformat()}.csv")


# --- Team settings and transfers ---------------------------------------------------------


@requires(MANAGE)
def team_settings(request: HttpRequest, public_id: str) -> HttpResponse:
    team = _team(request.user, public_id)
    if not can(request.user, MANAGE, team.pk):
        raise PermissionDenied
    current = TeamSettings.objects.filter(collaborative=team).first()
    initial = {
        "adult_women_population": current.adult_women_population if current else None,
        "escalation_incidents": current.escalation_incidents if current else None,
    }
    form = TeamSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_team_settings(team, actor=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("The team's settings are saved."))
        return redirect("highrisk:measures", public_id=team.public_id)
    return render(request, "highrisk/team_settings.html", {"team": team, "form": form})


@requires(MANAGE)
def referral_transfer(request: HttpRequest, public_id: str) -> HttpResponse:
    """MARAC-to-MARAC: the victim moved; the receiving team gets the referral."""
    referral = access_referral(request.user, public_id, write=True)
    if not can(request.user, MANAGE, referral.collaborative_id):
        raise PermissionDenied
    teams = Collaborative.objects.filter(kind="marac", is_active=True).exclude(
        pk=referral.collaborative_id
    )
    form = TransferForm(
        request.POST or None,
        teams=teams.order_by("name"),
        initial={"referred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.transfer_referral(referral, actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The referral is transferred."))
            return redirect("highrisk:referral-detail", public_id=referral.public_id)
    context = {"referral": referral, "form": form}
    return render(request, "highrisk/referral_transfer.html", context)
