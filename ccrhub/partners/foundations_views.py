"""Pages of /foundations/: each collaborative's team foundations (G.R.I.P.) — its
mission statement and versions, its leadership — and the coordinator's private
one-to-one log."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.partners import foundations_actions as actions
from ccrhub.partners import foundations_queries as queries
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.foundations_access import (
    access_leadership_term,
    access_mission_version,
    access_one_to_one,
)
from ccrhub.partners.foundations_forms import EndTermForm, LeadershipForm, MissionForm, OneToOneForm
from ccrhub.partners.models import Agency, Collaborative, MissionStatus
from ccrhub.partners.queries import can, collaboratives_for_list


def _foundations(collaborative: Collaborative) -> HttpResponse:
    return redirect("foundations:foundations-detail", public_id=collaborative.public_id)


def _people(collaborative: Collaborative) -> Any:
    return (
        User.objects.filter(
            representations__collaborative=collaborative, representations__is_active=True
        )
        .select_related("agency")
        .order_by("full_name", "email")
    )


def _member_agencies(collaborative: Collaborative) -> Any:
    return Agency.objects.filter(
        memberships__collaborative=collaborative, memberships__is_active=True
    ).order_by("name")


@requires("collaborative.view")
def foundations_home(request: HttpRequest) -> HttpResponse:
    """The user's collaboratives, each linking to its foundations page."""
    context = {"collaboratives": collaboratives_for_list(request.user)}
    return render(request, "partners/foundations/home.html", context)


@requires("collaborative.view")
def foundations_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id)
    today = timezone.localdate()
    versions = list(queries.mission_versions(collaborative))
    may_manage = can(request.user, "foundations.manage", collaborative.pk)
    context = {
        "collaborative": collaborative,
        "adopted": queries.adopted_mission(versions),
        "versions": versions,
        "leadership": queries.current_leadership(collaborative, today=today),
        "other_terms": queries.past_and_future_terms(collaborative, today=today),
        "links": queries.related_links(collaborative),
        "may_manage": may_manage,
        "may_log": can(request.user, "relationships.manage", collaborative.pk),
        "ends_soon_days": queries.ENDS_SOON_DAYS,
        "today": today,
    }
    return render(request, "partners/foundations/detail.html", context)


# ---------------------------------------------------------------------------
# Mission statement
# ---------------------------------------------------------------------------


@requires("foundations.manage")
def mission_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    latest = queries.mission_versions(collaborative).first()
    initial = {"text": latest.text if latest else collaborative.mission}
    form = MissionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.draft_mission_version(
                collaborative, text=form.cleaned_data["text"], actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Propose it when it is ready for a decision."))
            return _foundations(collaborative)
    context = {"collaborative": collaborative, "form": form, "version": None}
    return render(request, "partners/foundations/mission_form.html", context)


@requires("foundations.manage")
def mission_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    version = access_mission_version(request.user, public_id, permission="foundations.manage")
    if version.status != MissionStatus.DRAFT:
        messages.error(request, _("Only a draft is edited; draft a new version instead."))
        return _foundations(version.collaborative)
    form = MissionForm(request.POST or None, initial={"text": version.text})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_mission_draft(
                version, text=form.cleaned_data["text"], actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return _foundations(version.collaborative)
    context = {"collaborative": version.collaborative, "form": form, "version": version}
    return render(request, "partners/foundations/mission_form.html", context)


@require_POST
@requires("foundations.manage")
def mission_propose(request: HttpRequest, public_id: str) -> HttpResponse:
    version = access_mission_version(request.user, public_id, permission="foundations.manage")
    try:
        actions.propose_mission_version(version, actor=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Proposed. Put it to the members as a decision and choose it when closing the vote."),
        )
    return _foundations(version.collaborative)


# ---------------------------------------------------------------------------
# Leadership
# ---------------------------------------------------------------------------


@requires("foundations.manage")
def leadership_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    form = LeadershipForm(request.POST or None, people=_people(collaborative))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.appoint_leader(
                collaborative,
                position=data["position"],
                user=data["user"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Leadership term recorded."))
            return _foundations(collaborative)
    context = {"collaborative": collaborative, "form": form}
    return render(request, "partners/foundations/leadership_form.html", context)


@requires("foundations.manage")
def leadership_end(request: HttpRequest, public_id: str) -> HttpResponse:
    term = access_leadership_term(request.user, public_id, permission="foundations.manage")
    form = EndTermForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_leadership_term(
                term, on=form.cleaned_data["ends_on"], actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The term's end is recorded."))
            return _foundations(term.collaborative)
    context = {"collaborative": term.collaborative, "form": form, "term": term}
    return render(request, "partners/foundations/leadership_end.html", context)


# ---------------------------------------------------------------------------
# One-to-ones
# ---------------------------------------------------------------------------


@requires("relationships.manage")
def one_to_one_list(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="relationships.manage")
    context = {
        "collaborative": collaborative,
        "entries": queries.my_one_to_ones(request.user, collaborative),
        "today": timezone.localdate(),
    }
    return render(request, "partners/foundations/one_to_one_list.html", context)


@requires("relationships.manage")
def one_to_one_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="relationships.manage")
    form = OneToOneForm(
        request.POST or None,
        initial={"met_on": timezone.localdate()},
        agencies=_member_agencies(collaborative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.log_one_to_one(
                collaborative, **form.cleaned_data, actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("One-to-one logged."))
            return redirect("foundations:one-to-one-list", public_id=collaborative.public_id)
    context = {"collaborative": collaborative, "form": form, "entry": None}
    return render(request, "partners/foundations/one_to_one_form.html", context)


@requires("relationships.manage")
def one_to_one_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = access_one_to_one(request.user, public_id)
    fields = ("met_on", "agency", "person", "notes", "follow_up", "follow_up_on")
    form = OneToOneForm(
        request.POST or None,
        initial={name: getattr(entry, name) for name in fields},
        agencies=_member_agencies(entry.collaborative),
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in fields}
        try:
            actions.update_one_to_one(entry, changes=changes, actor=signed_in_user(request))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("One-to-one updated."))
            return redirect("foundations:one-to-one-list", public_id=entry.collaborative.public_id)
    context = {"collaborative": entry.collaborative, "form": form, "entry": entry}
    return render(request, "partners/foundations/one_to_one_form.html", context)
