"""Action item pages."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.meetings import actions, queries
from ccrhub.meetings.access import (
    access_action_item,
    access_meeting,
    may_update_action,
    require_meetings_role,
)
from ccrhub.meetings.forms import (
    ActionItemForm,
    ActionStatusForm,
    CommentForm,
    people_of,
)
from ccrhub.meetings.models import Meeting
from ccrhub.meetings.views.base import _detail


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
