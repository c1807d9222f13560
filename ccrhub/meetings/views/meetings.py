"""Meeting pages: list, scheduling, detail, editing, the meeting's calendar entry, its
agenda, attendance and minutes."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.meetings import actions, calendar, queries, recurrence
from ccrhub.meetings.access import (
    access_meeting,
    manages,
    may_read_minutes,
    require_meetings_role,
)
from ccrhub.meetings.forms import (
    AgendaItemForm,
    AgendaTemplateForm,
    ApproveMinutesForm,
    AttendanceForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    people_of,
)
from ccrhub.meetings.models import Meeting
from ccrhub.meetings.views.base import CONFLICT, ICS_TYPE, _detail
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import collaborative_ids_with


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


def _schedule(data: dict[str, Any], *, actor: User) -> Meeting:
    """A one-off meeting, or a series (returning its first meeting)."""
    rrule = ""
    if data["repeats"]:
        repeat = recurrence.Repeat(data["repeats"], data["repeat_until"])
        rrule = recurrence.rule_for(repeat, data["starts_at"])
    return actions.schedule(
        data["collaborative"],
        title=data["title"],
        starts_at=data["starts_at"],
        rrule=rrule,
        duration_minutes=data["duration_minutes"],
        location=data["location"],
        actor=actor,
    )


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
