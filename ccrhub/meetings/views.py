"""Pages of /meetings/: meetings, agendas, attendance, minutes, action items, calendars."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import authenticated, public, requires
from ccrhub.meetings import actions, adoption, calendar, queries, recurrence
from ccrhub.meetings.access import (
    access_action_item,
    access_decision,
    access_meeting,
    is_eligible_voter,
    manages,
    may_read_minutes,
    may_update_action,
    require_meetings_role,
)
from ccrhub.meetings.forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AgendaTemplateForm,
    ApproveMinutesForm,
    AttendanceForm,
    CloseDecisionForm,
    CommentForm,
    DecisionForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    VoteForm,
    people_of,
)
from ccrhub.meetings.models import Decision, Meeting
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can, collaborative_ids_with

ICS_TYPE = "text/calendar; charset=utf-8"
CONFLICT = gettext_lazy(
    "Someone else saved these minutes while you were editing. Your text is kept below and "
    "theirs is shown beside it: merge the two and save again."
)


def _detail(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:meeting-detail", public_id=meeting.public_id)


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------


@requires("meetings.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_meetings_role(request.user)
    context = {
        **queries.meetings_for_list(request.user),
        "may_schedule": bool(collaborative_ids_with(request.user, "meetings.manage")),
    }
    return render(request, "meetings/meeting_list.html", context)


@requires("meetings.manage")
def meeting_create(request: HttpRequest) -> HttpResponse:
    ids = require_meetings_role(request.user, "meetings.manage")
    form = MeetingForm(
        request.POST or None, collaboratives=Collaborative.objects.filter(pk__in=ids)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = _schedule(form.cleaned_data, actor=signed_in_user(request))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled."))
            return _detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form})


def _schedule(data: dict[str, Any], *, actor: Any) -> Meeting:
    """A one-off meeting, or a series (returning its first meeting)."""
    common = {
        "title": data["title"],
        "duration_minutes": data["duration_minutes"],
        "location": data["location"],
        "actor": actor,
    }
    if not data["repeats"]:
        return actions.schedule_meeting(
            data["collaborative"], starts_at=data["starts_at"], **common
        )
    repeat = recurrence.Repeat(data["repeats"], data["repeat_until"])
    series = actions.create_series(
        data["collaborative"],
        rrule=recurrence.rule_for(repeat, data["starts_at"]),
        first_starts_at=data["starts_at"],
        **common,
    )
    return series.meetings.order_by("starts_at").first() or Meeting()


@requires("meetings.view")
def meeting_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id)
    may_manage = manages(request.user, meeting)
    people = people_of(queries.representatives_of(meeting.collaborative_id))
    context = {
        "meeting": meeting,
        "may_manage": may_manage,
        "agenda": queries.agenda_of(meeting),
        "attendance": queries.attendance_of(meeting),
        "may_read_minutes": may_read_minutes(request.user, meeting),
        "action_items": queries.actions_of_meeting(meeting),
        "decisions": queries.decisions_of_meeting(meeting),
        "agenda_form": AgendaItemForm(people=people) if may_manage else None,
        "template_form": AgendaTemplateForm() if may_manage else None,
        "approve_form": ApproveMinutesForm(initial={"version": meeting.version}),
    }
    return render(request, "meetings/meeting_detail.html", context)


@requires("meetings.manage")
def meeting_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    form = MeetingEditForm(
        request.POST or None, instance=meeting, initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in MeetingEditForm.Meta.fields}
        try:
            actions.update_meeting(
                meeting,
                version=form.cleaned_data["version"],
                changes=changes,
                actor=signed_in_user(request),
            )
        except actions.StaleVersion:
            form.add_error(None, _("Someone else changed this meeting. Reload it and try again."))
        else:
            messages.success(request, _("Meeting updated."))
            return _detail(meeting)
    return render(request, "meetings/meeting_edit.html", {"meeting": meeting, "form": form})


@require_GET
@requires("meetings.view")
def meeting_ics(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id)
    body = calendar.calendar_bytes([meeting], name=meeting.title)
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.public_id}.ics"'
    return response


# ---------------------------------------------------------------------------
# Agenda, attendance, minutes
# ---------------------------------------------------------------------------


@require_POST
@requires("meetings.manage")
def agenda_add(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    people = people_of(queries.representatives_of(meeting.collaborative_id))
    form = AgendaItemForm(request.POST, people=people)
    if form.is_valid():
        data = form.cleaned_data
        actions.add_agenda_item(
            meeting,
            title=data["title"],
            owner=data["owner"],
            minutes=data["minutes"],
            actor=signed_in_user(request),
        )
        messages.success(request, _("Agenda item added."))
    else:
        messages.error(request, _("Give the item a title and its minutes."))
    return _detail(meeting)


@require_POST
@requires("meetings.manage")
def agenda_template(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    form = AgendaTemplateForm(request.POST)
    if form.is_valid():
        actions.add_template_to_agenda(
            meeting, key=form.cleaned_data["template"], actor=signed_in_user(request)
        )
        messages.success(request, _("Template added to the agenda."))
    else:
        messages.error(request, _("Choose a facilitation template."))
    return _detail(meeting)


@require_POST
@requires("meetings.manage")
def agenda_remove(request: HttpRequest, public_id: str, item_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    item = meeting.agenda_items.filter(public_id=parse_public_id(item_id)).first()
    if item is None:
        raise Http404
    actions.remove_agenda_item(item, actor=signed_in_user(request))
    messages.success(request, _("Agenda item removed."))
    return _detail(meeting)


@requires("meetings.manage")
def attendance_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    representatives = list(queries.representatives_of(meeting.collaborative_id))
    current = {row.user_id: row for row in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, representatives=representatives, current=current)
    if request.method == "POST" and form.is_valid():
        entries = [
            actions.AttendanceEntry(
                user, form.cleaned_data[status], bool(form.cleaned_data[signed])
            )
            for user, status, signed in form.people
        ]
        actions.record_attendance(meeting, entries=entries, actor=signed_in_user(request))
        messages.success(request, _("Attendance recorded."))
        return _detail(meeting)
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "form": form})


@requires("meetings.manage")
def minutes_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    if meeting.minutes_approved:
        messages.error(request, _("These minutes are approved and no longer edited."))
        return _detail(meeting)
    initial = {
        "version": meeting.version,
        "minutes": meeting.minutes,
        "restricted": meeting.minutes_restricted,
    }
    form = MinutesForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_minutes(
                meeting,
                version=data["version"],
                text=data["minutes"],
                restricted=data["restricted"],
                actor=signed_in_user(request),
            )
        except actions.StaleVersion:
            conflict = True
            meeting.refresh_from_db()
            form = _conflict_form(request.POST.copy(), meeting)
        else:
            messages.success(request, _("Minutes saved as a draft."))
            return _detail(meeting)
    context = {"meeting": meeting, "form": form, "conflict": conflict}
    return render(request, "meetings/minutes_form.html", context)


def _conflict_form(data: QueryDict, meeting: Meeting) -> MinutesForm:
    """The editor's own text kept, with the current version to save over once merged."""
    data["version"] = str(meeting.version)
    again = MinutesForm(data)
    again.is_valid()
    again.add_error(None, CONFLICT)
    return again


@require_POST
@requires("meetings.manage")
def minutes_approve(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    form = ApproveMinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve the minutes from the meeting page."))
        return _detail(meeting)
    try:
        actions.approve_minutes(
            meeting, version=form.cleaned_data["version"], actor=signed_in_user(request)
        )
    except actions.StaleVersion:
        messages.error(request, _("The minutes changed since you read them; read them again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Minutes approved."))
    return _detail(meeting)


# ---------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------


@requires("meetings.manage")
def action_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """A new action of the meeting; with ?item=<agenda item id>, out of that discussion
    (its title and questions to start from)."""
    meeting = access_meeting(request.user, public_id, permission="meetings.manage")
    item = _agenda_item_from(meeting, request.GET.get("item"))
    initial = (
        {"agenda_item": item.public_id, "title": item.title, "description": "\n".join(item.prompts)}
        if item is not None
        else {}
    )
    form = ActionItemForm(
        request.POST or None,
        initial=initial,
        agencies=queries.member_agencies(meeting.collaborative_id),
        people=people_of(queries.representatives_of(meeting.collaborative_id)),
        agenda=meeting.agenda_items.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.create_action_item(
                meeting.collaborative,
                meeting=meeting,
                agenda_item=data["agenda_item"],
                title=data["title"],
                description=data["description"],
                owner_agency=data["owner_agency"],
                owner=data["owner"],
                due_on=data["due_on"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Action item recorded."))
            return _detail(meeting)
    context = {"meeting": meeting, "form": form, "item": item}
    return render(request, "meetings/action_form.html", context)


def _agenda_item_from(meeting: Meeting, raw: str | None) -> Any:
    """An item of this meeting's agenda named in the query string; 404 for anything else."""
    if not raw:
        return None
    item = meeting.agenda_items.filter(public_id=parse_public_id(raw)).first()
    if item is None:
        raise Http404
    return item


@requires("meetings.view")
def action_list(request: HttpRequest) -> HttpResponse:
    require_meetings_role(request.user)
    context = {"items": queries.my_actions(request.user), "today": timezone.localdate()}
    return render(request, "meetings/action_list.html", context)


@requires("meetings.view")
def action_overdue(request: HttpRequest) -> HttpResponse:
    require_meetings_role(request.user)
    context = {"groups": queries.overdue_by_agency(request.user), "today": timezone.localdate()}
    return render(request, "meetings/action_overdue.html", context)


@requires("meetings.view")
def action_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access_action_item(request.user, public_id)
    may_update = may_update_action(request.user, item)
    initial = {"version": item.version, "status": item.status, "status_note": item.status_note}
    context = {
        "item": queries.action_item_with_comments(item),
        "may_update": may_update,
        "status_form": ActionStatusForm(initial=initial) if may_update else None,
        "comment_form": CommentForm(),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/action_detail.html", context)


@require_POST
@requires("meetings.view")
def action_update(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access_action_item(request.user, public_id, write=True)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        changes = {"status": data["status"], "status_note": data["status_note"]}
        try:
            actions.update_action_item(
                item, version=data["version"], changes=changes, actor=signed_in_user(request)
            )
        except actions.StaleVersion:
            messages.error(request, _("Someone else changed this action; check it and retry."))
        else:
            messages.success(request, _("Action updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("meetings:action-detail", public_id=item.public_id)


@require_POST
@requires("meetings.view")
def action_comment(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access_action_item(request.user, public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.comment_on_action_item(
            item, body=form.cleaned_data["body"], actor=signed_in_user(request)
        )
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment."))
    return redirect("meetings:action-detail", public_id=item.public_id)


# ---------------------------------------------------------------------------
# Calendar feed
# ---------------------------------------------------------------------------


@authenticated
def calendar_settings(request: HttpRequest) -> HttpResponse:
    url = queries.calendar_feed_url(request.user, request)
    return render(request, "meetings/calendar_settings.html", {"feed_url": url})


@require_POST
@authenticated
def calendar_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    actions.create_calendar_feed(user, actor=user)
    messages.success(request, _("A new calendar address was made; any earlier one stopped."))
    return redirect("meetings:calendar-settings")


@require_POST
@authenticated
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    feed = queries.live_feed(user)
    if feed is not None:
        actions.revoke_calendar_feed(feed, actor=user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("meetings:calendar-settings")


@public
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed: no session; the token in the URL is the credential. A revoked,
    replaced or made-up token is not found."""
    feed = queries.feed_for_token(token)
    if feed is None:
        raise Http404
    meetings = queries.feed_meetings(feed.user)
    body = calendar.calendar_bytes(meetings, name=_("CCR Hub meetings"))
    return HttpResponse(body, content_type=ICS_TYPE)


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


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
