"""Pages of cross-training (each member agency presents itself to the others) and of
paid participation (survivor advisors and community partners, Reimagined CCR).

Members who see the collaborative's meetings see its cross-training; the coordinator
schedules sessions and records who came. Stipends are the coordinator's alone: anyone
else gets 404 on them.
"""

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
from ccrhub.meetings import crosstraining, participation
from ccrhub.meetings.access import access_participation_record, access_training_session
from ccrhub.meetings.models import Meeting, Participant, ParticipationRecord, TrainingSession
from ccrhub.meetings.training_forms import (
    ParticipantForm,
    ParticipationForm,
    TrainingAttendanceForm,
    TrainingSessionForm,
)
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.partners.queries import can


def _member_agencies(collaborative: Collaborative) -> Any:
    return Agency.objects.filter(
        memberships__collaborative=collaborative, memberships__is_active=True
    ).order_by("name")


# Cross-training ----------------------------------------------------------------------


@requires("meetings.view")
def training_list(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="meetings.view")
    now = timezone.now()
    sessions = (
        TrainingSession.objects.filter(collaborative=collaborative, is_cancelled=False)
        .for_list()
        .order_by("starts_at")
    )
    agencies = crosstraining.completion(collaborative, now=now)
    context = {
        "collaborative": collaborative,
        "upcoming": [s for s in sessions if s.starts_at > now],
        "held": [s for s in sessions if s.starts_at <= now],
        "agencies": agencies,
        "complete": sum(1 for a in agencies if a.complete),
        "retraining": crosstraining.retraining_required(collaborative),
        "manages": can(request.user, "foundations.manage", collaborative.pk),
    }
    return render(request, "meetings/training_list.html", context)


@requires("foundations.manage")
def training_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    form = TrainingSessionForm(request.POST or None, agencies=_member_agencies(collaborative))
    if request.method == "POST" and form.is_valid():
        try:
            crosstraining.schedule_training_session(
                collaborative, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Cross-training session scheduled."))
            return redirect("meetings:training-list", public_id=collaborative.public_id)
    context = {"collaborative": collaborative, "form": form}
    return render(request, "meetings/training_form.html", context)


@requires("foundations.manage")
def training_attendance(request: HttpRequest, public_id: str) -> HttpResponse:
    session = access_training_session(request.user, public_id, permission="foundations.manage")
    people = (
        User.objects.filter(
            representations__collaborative=session.collaborative_id,
            representations__is_active=True,
        )
        .select_related("agency")
        .order_by("agency__name", "full_name", "email")
        .distinct()
    )
    # The field is keyed by public id: pks would match no box and saving would clear the list.
    attended = list(session.attendance.values_list("user__public_id", flat=True))
    form = TrainingAttendanceForm(
        request.POST or None, people=people, initial={"attendees": attended}
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = crosstraining.record_training_attendance(
                session, attendees=form.cleaned_data["attendees"], actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded: %(n)d people.") % {"n": count})
            return redirect("meetings:training-list", public_id=session.collaborative.public_id)
    context = {"session": session, "collaborative": session.collaborative, "form": form}
    return render(request, "meetings/training_attendance.html", context)


# Participation -------------------------------------------------------------------------


@requires("foundations.manage")
def participation_list(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    rows, total = participation.summary(collaborative)
    records = (
        ParticipationRecord.objects.filter(participant__collaborative=collaborative)
        .select_related("participant", "meeting", "paid_by")
        .order_by("paid_at", "-on")
    )
    context = {"collaborative": collaborative, "rows": rows, "total": total, "records": records}
    return render(request, "meetings/participation_list.html", context)


@requires("foundations.manage")
def participant_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participation.add_participant(
                collaborative, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Participant added."))
            return redirect("meetings:participation-list", public_id=collaborative.public_id)
    context = {"collaborative": collaborative, "form": form}
    return render(request, "meetings/participant_form.html", context)


@requires("foundations.manage")
def participation_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="foundations.manage")
    form = ParticipationForm(
        request.POST or None,
        participants=Participant.objects.filter(collaborative=collaborative, is_active=True),
        meetings=Meeting.objects.filter(collaborative=collaborative).order_by("-starts_at"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participant = data.pop("participant")
        try:
            participation.record_participation(participant, actor=signed_in_user(request), **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Hours recorded; the stipend is owed."))
            return redirect("meetings:participation-list", public_id=collaborative.public_id)
    context = {"collaborative": collaborative, "form": form}
    return render(request, "meetings/participation_form.html", context)


@require_POST
@requires("foundations.manage")
def participation_pay(request: HttpRequest, public_id: str) -> HttpResponse:
    row = access_participation_record(request.user, public_id)
    try:
        participation.pay_participation(row, actor=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as paid."))
    return redirect(
        "meetings:participation-list", public_id=row.participant.collaborative.public_id
    )
