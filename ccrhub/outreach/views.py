"""Pages of /outreach/: community education activities and coverage across levels."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.outreach import actions, queries
from ccrhub.outreach.access import (
    access_activity,
    access_coverage,
    may_edit,
    recordable_collaborative_ids,
    require_outreach_role,
)
from ccrhub.outreach.forms import ActivityForm, NewActivityForm, RemoveForm
from ccrhub.outreach.models import Activity
from ccrhub.partners.models import Agency, AgencyMembership
from ccrhub.partners.queries import collaborative_ids_with


def _agency_choices(user: Any, collaborative_ids: list[int]) -> Any:
    """Agencies the user may name as deliverer: members of the collaboratives they
    coordinate, and their own agency."""
    coordinated = set(collaborative_ids_with(user, "meetings.manage")) & set(collaborative_ids)
    members = AgencyMembership.objects.filter(
        collaborative_id__in=coordinated, is_active=True
    ).values("agency_id")
    own = Q(pk=user.agency_id) if getattr(user, "agency_id", None) else Q(pk__in=[])
    return Agency.objects.filter(Q(pk__in=members) | own).order_by("name")


@requires("meetings.view")
def activity_list(request: HttpRequest) -> HttpResponse:
    ids = require_outreach_role(request.user)
    context = {
        "activities": queries.activities_for_list(ids),
        "collaboratives": queries.collaboratives_of(ids),
        "may_record": bool(recordable_collaborative_ids(request.user)),
    }
    return render(request, "outreach/activity_list.html", context)


@requires("meetings.view")
def activity_create(request: HttpRequest) -> HttpResponse:
    ids = recordable_collaborative_ids(request.user)
    if not ids:
        raise PermissionDenied
    form = NewActivityForm(
        request.POST or None,
        collaboratives=queries.collaboratives_of(ids),
        agencies=_agency_choices(request.user, ids),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ActivityForm.Meta.fields}
        try:
            activity = actions.record_activity(
                form.cleaned_data["collaborative"],
                levels=form.cleaned_data["levels"],
                actor=signed_in_user(request),
                **data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Activity recorded."))
            return _detail(activity)
    return render(request, "outreach/activity_form.html", {"form": form, "activity": None})


@requires("meetings.view")
def activity_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = access_activity(request.user, public_id)
    context = {"activity": activity, "may_edit": may_edit(request.user, activity)}
    return render(request, "outreach/activity_detail.html", context)


@requires("meetings.view")
def activity_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = access_activity(request.user, public_id, write=True)
    agencies = _agency_choices(request.user, [activity.collaborative_id])
    form = ActivityForm(request.POST or None, instance=activity, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        # The form writes onto the instance; read the changes back from cleaned_data.
        activity.refresh_from_db()
        changes = {name: form.cleaned_data[name] for name in ActivityForm.Meta.fields}
        try:
            actions.update_activity(
                activity,
                changes=changes,
                levels=form.cleaned_data["levels"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return _detail(activity)
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@requires("meetings.view")
def activity_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = access_activity(request.user, public_id, write=True)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.remove_activity(activity, actor=signed_in_user(request))
        messages.success(request, _("Activity removed."))
        return redirect("outreach:activity-list")
    return render(request, "outreach/activity_remove.html", {"form": form, "activity": activity})


@requires("collaborative.view")
def coverage(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative, sees_activities = access_coverage(request.user, public_id)
    context = {
        "collaborative": collaborative,
        "coverage": queries.coverage_of(collaborative),
        "sees_activities": sees_activities,
    }
    return render(request, "outreach/coverage.html", context)


def _detail(activity: Activity) -> HttpResponse:
    return redirect("outreach:activity-detail", public_id=activity.public_id)
