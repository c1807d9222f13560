"""Decision and vote pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.meetings import actions, adoption, queries
from ccrhub.meetings.access import (
    access_decision,
    access_meeting,
    is_eligible_voter,
    require_meetings_role,
)
from ccrhub.meetings.forms import (
    CloseDecisionForm,
    DecisionForm,
    VoteForm,
)
from ccrhub.meetings.models import Decision
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can, collaborative_ids_with


def _decision(decision: Decision) -> HttpResponse:
    return redirect("meetings:decision-detail", public_id=decision.public_id)


@requires("meetings.view")
def decision_list(request: HttpRequest) -> HttpResponse:
    require_meetings_role(request.user)
    context = {
        "decisions": queries.visible_decisions(request.user).order_by(
            "collaborative__name", "-created_at"
        ),
        "may_create": bool(collaborative_ids_with(request.user, "meetings.manage")),
    }
    return render(request, "meetings/decision_list.html", context)


@requires("meetings.manage")
def decision_create(request: HttpRequest) -> HttpResponse:
    """A new proposal; with ?meeting=<id>, tied to that meeting (and an agenda item)."""
    ids = require_meetings_role(request.user, "meetings.manage")
    meeting_id = request.GET.get("meeting")
    meeting = (
        access_meeting(request.user, meeting_id, permission="meetings.manage")
        if (meeting_id)
        else None
    )
    form = DecisionForm(
        request.POST or None,
        collaboratives=Collaborative.objects.filter(pk__in=ids),
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.create_decision(
                meeting.collaborative if meeting else data["collaborative"],
                title=data["title"],
                text=data["text"],
                voting_unit=data["voting_unit"],
                anonymous=data["anonymous"],
                meeting=meeting,
                agenda_item=data.get("agenda_item"),
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Decision drafted. Open it when members may vote."))
            return _decision(decision)
    context = {"form": form, "meeting": meeting}
    return render(request, "meetings/decision_form.html", context)


@requires("meetings.view")
def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = access_decision(request.user, public_id)
    ballot = queries.ballot_of(request.user, decision)
    may_vote = decision.is_open and ballot is None and is_eligible_voter(request.user, decision)
    may_manage = can(request.user, "meetings.manage", decision.collaborative_id)
    context = {
        "decision": decision,
        "ballot": ballot,
        "ballot_count": decision.ballots.count(),
        "eligible_count": queries.eligible_count(decision),
        "vote_form": VoteForm() if may_vote else None,
        "close_form": CloseDecisionForm(collaborative_id=decision.collaborative_id)
        if may_manage and decision.is_open
        else None,
        "may_open": may_manage and decision.status == "draft",
        "results": queries.results_of(decision),
        "named_votes": queries.named_votes_of(decision),
    }
    return render(request, "meetings/decision_detail.html", context)


@require_POST
@requires("meetings.manage")
def decision_open(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = access_decision(request.user, public_id, permission="meetings.manage")
    try:
        actions.open_decision(decision, actor=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision is open for votes."))
    return _decision(decision)


@require_POST
@requires("meetings.view")
def decision_vote(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = access_decision(request.user, public_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, abstain, disagree or block."))
        return _decision(decision)
    try:
        actions.cast_vote(
            decision, choice=form.cleaned_data["choice"], actor=signed_in_user(request)
        )
    except actions.AlreadyVoted:
        messages.error(request, _("A vote has already been cast for you or your agency."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your vote is recorded."))
    return _decision(decision)


@require_POST
@requires("meetings.manage")
def decision_close(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = access_decision(request.user, public_id, permission="meetings.manage")
    form = CloseDecisionForm(request.POST, collaborative_id=decision.collaborative_id)
    if not form.is_valid():
        messages.error(request, _("Record the outcome to close the vote."))
        return _decision(decision)
    key = form.cleaned_data.get("adopts") or ""
    adopts = adoption.resolve(key, decision.collaborative_id) if key else None
    if key and adopts is None:
        messages.error(request, _("What it adopts is no longer waiting for a decision."))
        return _decision(decision)
    try:
        actions.close_decision(
            decision,
            outcome=form.cleaned_data["outcome"],
            outcome_note=form.cleaned_data["outcome_note"],
            adopted_reference=form.cleaned_data["adopted_reference"],
            adopts=adopts,
            actor=signed_in_user(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vote is closed and its outcome recorded."))
    return _decision(decision)
