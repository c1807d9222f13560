from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import Restriction, User
from ccrhub.accounts.restrictions import lift_restriction, restrict, restrictions_of
from ccrhub.cases import actions
from ccrhub.cases.access import (
    access_case,
    collaboratives_where,
    require_case_role,
    visible_cases,
)
from ccrhub.cases.forms import CaseEditForm, CaseOpenForm, RestrictionForm
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative, Unit
from ccrhub.partners.queries import can


@requires("cases.view")
def case_list(request: HttpRequest) -> HttpResponse:
    require_case_role(request.user)
    cases = visible_cases(request.user).for_list()[:200]
    may_open = bool(collaboratives_where(request.user, "cases.write"))
    return render(request, "cases/case_list.html", {"cases": cases, "may_open": may_open})


@requires("cases.write")
def case_open(request: HttpRequest) -> HttpResponse:
    writable = Collaborative.objects.filter(
        pk__in=collaboratives_where(request.user, "cases.write")
    )
    if not writable.exists():
        raise PermissionDenied
    form = CaseOpenForm(request.POST or None, collaboratives=writable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = actions.open_case(
            data["collaborative"],
            external_ref=data["external_ref"],
            offender_ref=data["offender_ref"],
            opened_on=data["opened_on"],
            agency_case_number=data["agency_case_number"],
            actor=signed_in_user(request),
        )
        messages.success(request, _("Case opened."))
        return redirect("cases:case-detail", case_id=case.public_id)
    return render(request, "cases/case_open.html", {"form": form})


@requires("cases.view")
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    actions.record_case_viewed(case, actor=signed_in_user(request))
    manages = can(request.user, "restrictions.manage", case.collaborative_id)
    context = {
        "case": case,
        "may_edit": can(request.user, "cases.write", case.collaborative_id),
        "restrictions": restrictions_of(case) if manages else None,
        "restriction_form": _restriction_form(case) if manages else None,
    }
    return render(request, "cases/case_detail.html", context)


@requires("cases.write")
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id, write=True)
    form = CaseEditForm(request.POST or None, instance=case, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CaseEditForm.Meta.fields}
        try:
            actions.update_case(
                case,
                version=form.cleaned_data["version"],
                changes=changes,
                actor=signed_in_user(request),
            )
        except actions.StaleVersion:
            form.add_error(None, _("Someone else changed this case. Reload it and try again."))
        else:
            messages.success(request, _("Case updated."))
            return redirect("cases:case-detail", case_id=case.public_id)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


def _restriction_form(case: object, data: object = None) -> RestrictionForm:
    collaborative_id = case.collaborative_id  # type: ignore[attr-defined]
    users = User.objects.filter(
        representations__collaborative_id=collaborative_id, representations__is_active=True
    ).distinct()
    units = Unit.objects.filter(
        agency__memberships__collaborative_id=collaborative_id
    ).select_related("agency")
    return RestrictionForm(data, users=users, units=units)


@require_POST
@requires("restrictions.manage")
def restriction_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can(request.user, "restrictions.manage", case.collaborative_id):
        raise PermissionDenied
    form = _restriction_form(case, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        restrict(
            case,
            actor=signed_in_user(request),
            user=data["user"],
            unit=data["unit"],
            party=data["party"],
        )
        messages.success(request, _("Restriction added."))
    else:
        problems = [str(error) for error in form.non_field_errors()]
        messages.error(request, " ".join(problems) or _("Check the restriction."))
    return redirect("cases:case-detail", case_id=case.public_id)


@require_POST
@requires("restrictions.manage")
def restriction_lift(request: HttpRequest, case_id: str, restriction_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can(request.user, "restrictions.manage", case.collaborative_id):
        raise PermissionDenied
    restriction = get_object_or_404(
        restrictions_of(case).exclude(kind=Restriction.Kind.PARTY), pk=restriction_id
    )
    lift_restriction(restriction, actor=signed_in_user(request))
    messages.success(request, _("Restriction lifted."))
    return redirect("cases:case-detail", case_id=case.public_id)
