from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import Restriction, User
from ccrhub.accounts.restrictions import lift_restriction, restrict, restrictions_of
from ccrhub.cases import actions, stages
from ccrhub.cases.access import (
    access_case,
    access_event,
    access_order,
    access_violation,
    collaboratives_where,
    is_coordinator,
    owns,
    recording_sector,
    require_case_role,
    require_records,
    visible_cases,
    what_user_records,
)
from ccrhub.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    EventEditForm,
    EventForm,
    OrderForm,
    OrderServeForm,
    RestrictionForm,
    ViolationForm,
    ViolationResponseForm,
)
from ccrhub.cases.models import Case, Order
from ccrhub.cases.queries import search_cases, search_terms
from ccrhub.cases.timeline import case_timeline
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, Collaborative, Unit
from ccrhub.partners.queries import can


def with_stage_labels(cases: Any) -> list[Case]:
    """The cases, each with `current_stage_label` from its annotated latest stage."""
    listed = list(cases)
    for case in listed:
        code = getattr(case, "latest_stage", None)
        case.current_stage_label = stages.label(code) if code else ""
    return listed


CASES_PER_PAGE = 50


def _filters(form: CaseFilterForm) -> dict[str, Any]:
    """The form's filters in the shape `search_cases` takes (the API's)."""
    data = dict(form.cleaned_data)
    collaborative = data.pop("collaborative", None)
    if collaborative is not None:
        data["collaborative"] = collaborative.public_id
    return data


@requires("cases.view")
def case_list(request: HttpRequest) -> HttpResponse:
    require_case_role(request.user)
    collaboratives = Collaborative.objects.filter(
        pk__in=collaboratives_where(request.user, "cases.view")
    )
    form = CaseFilterForm(request.GET or None, collaboratives=collaboratives)
    page = None
    if not form.is_bound or form.is_valid():
        filters = _filters(form) if form.is_bound else {}
        paginator = Paginator(search_cases(request.user, filters), CASES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = with_stage_labels(page.object_list)
        actions.record_case_search(
            terms=search_terms(filters), results=paginator.count, actor=signed_in_user(request)
        )
    context = {
        "page": page,
        "form": form,
        "query": _query_without_page(request),
        "may_open": bool(collaboratives_where(request.user, "cases.write")),
    }
    return render(request, "cases/case_list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    """The filters of this request, for the links to the other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


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
        try:
            case = actions.open_case(
                data["collaborative"],
                external_ref=data["external_ref"],
                offender_ref=data["offender_ref"],
                opened_on=data["opened_on"],
                agency_case_number=data["agency_case_number"],
                actor=signed_in_user(request),
            )
        except actions.ReferenceUnavailable as refused:
            add_action_errors(form, refused)
        else:
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
        "timeline": _timeline_for(request.user, case),
        "repeats": _repeat_cases(request.user, case),
        "records": what_user_records(request.user, case),
        "limits": {
            "violation": stages.violation_response_days(),
            "bip": stages.bip_enrolment_days(),
        },
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
        except StaleVersion:
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


def _timeline_for(user: Any, case: Case) -> Any:
    """The case's timeline; events the user's agency recorded (or all, for a coordinator)
    offer their correction."""
    timeline = case_timeline(case)
    writes = can(user, "cases.write", case.collaborative_id)
    for entry in timeline.entries:
        if entry.event is not None:
            entry.editable = writes and owns(user, case.collaborative_id, entry.event.agency_id)
    return timeline


def _repeat_cases(user: Any, case: Case) -> list[Case]:
    """Other cases of the same offender (recidivism), among those the user may see."""
    repeats = visible_cases(user).filter(offender_key=case.offender_key).exclude(pk=case.pk)
    return with_stage_labels(repeats.select_related("collaborative").with_current_stage()[:50])


def _member_agencies(user: Any, case: Case) -> "QuerySet[Agency] | None":
    """For a coordinator, the member agencies they may record for; None for everyone else."""
    if not is_coordinator(user, case.collaborative_id):
        return None
    return Agency.objects.filter(
        memberships__collaborative_id=case.collaborative_id, memberships__is_active=True
    ).order_by("name")


def _order_kinds(sector: str | None) -> list[tuple[str, str]]:
    return [
        (o.kind, o.label) for o in stages.order_kinds() if sector is None or sector in o.sectors
    ]


def _back_to(case: Case, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:case-detail", case_id=case.public_id)


def _entry_page(request: HttpRequest, case: Case, form: Any, title: str) -> HttpResponse:
    context = {"case": case, "form": form, "title": title}
    return render(request, "cases/entry_form.html", context)


@requires("cases.write")
def event_create(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id, write=True)
    require_records(request.user, case, "events")
    sector = recording_sector(request.user, case)
    choices = [
        (s.code, s.label)
        for s in (stages.stages() if sector is None else stages.stages_for_sector(sector))
    ]
    agencies = _member_agencies(request.user, case)
    form = EventForm(request.POST or None, stage_choices=choices, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_event(
                case,
                stage=data["stage"],
                occurred_on=data["occurred_on"],
                outcome=data["outcome"],
                agency=data.get("agency"),
                track=data["track"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(case, _("Event recorded."), request)
    return _entry_page(request, case, form, _("Record an event"))


@requires("cases.write")
def event_edit(request: HttpRequest, event_id: str) -> HttpResponse:
    event = access_event(request.user, event_id, write=True)
    initial = {name: getattr(event, name) for name in EventEditForm.CHANGES}
    form = EventEditForm(
        request.POST or None, initial={**initial, "version": event.version}, stage=event.stage
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in EventEditForm.CHANGES}
        try:
            actions.update_event(
                event,
                version=form.cleaned_data["version"],
                changes=changes,
                actor=signed_in_user(request),
            )
        except StaleVersion:
            form.add_error(None, _("Someone else changed this event. Reload it and try again."))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(event.case, _("Event updated."), request)
    title = _("Correct: %(stage)s") % {"stage": stages.label(event.stage)}
    return _entry_page(request, event.case, form, title)


@requires("cases.write")
def order_create(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id, write=True)
    require_records(request.user, case, "orders")
    kinds = _order_kinds(recording_sector(request.user, case))
    agencies = _member_agencies(request.user, case)
    form = OrderForm(request.POST or None, kind_choices=kinds, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.issue_order(
                case,
                kind=data["kind"],
                issued_on=data["issued_on"],
                issued_by=data.get("issued_by"),
                expires_on=data["expires_on"],
                conditions=data["conditions"],
                track=data["track"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(case, _("Order recorded."), request)
    return _entry_page(request, case, form, _("Record an order"))


@requires("cases.write")
def order_serve(request: HttpRequest, order_id: str) -> HttpResponse:
    order: Order = access_order(request.user, order_id, write=True)
    require_records(request.user, order.case, "service")
    form = OrderServeForm(request.POST or None, agencies=_member_agencies(request.user, order.case))
    if request.method == "POST" and form.is_valid():
        try:
            actions.serve_order(
                order,
                served_on=form.cleaned_data["served_on"],
                served_by=form.cleaned_data.get("served_by"),
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(order.case, _("Service recorded."), request)
    return _entry_page(request, order.case, form, _("Record service of an order"))


@requires("cases.write")
def violation_create(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case(request.user, case_id, write=True)
    require_records(request.user, case, "violations")
    orders = Order.objects.filter(case=case)
    agencies = _member_agencies(request.user, case)
    form = ViolationForm(request.POST or None, orders=orders, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_violation(
                case,
                kind=data["kind"],
                detected_on=data["detected_on"],
                reported_by=data.get("reported_by"),
                order=data["order"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(case, _("Violation recorded."), request)
    return _entry_page(request, case, form, _("Record a violation"))


@requires("cases.write")
def violation_respond(request: HttpRequest, violation_id: str) -> HttpResponse:
    violation = access_violation(request.user, violation_id, write=True)
    case = violation.case
    require_records(request.user, case, "responses")
    agencies = _member_agencies(request.user, case)
    form = ViolationResponseForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_violation_response(
                violation,
                kind=form.cleaned_data["kind"],
                responded_on=form.cleaned_data["responded_on"],
                agency=form.cleaned_data.get("agency"),
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _back_to(case, _("Response recorded."), request)
    return _entry_page(request, case, form, _("Record a response to a violation"))
