"""Pages of /protocols/: protocols and agreements, their versions, diffs, signatures and
PDF, and each collaborative's roles & responsibilities matrix."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.decorators import demand_recent_reauth
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.protocols import actions, queries
from ccrhub.protocols.access import (
    ADOPT,
    MANAGE,
    access_collaborative,
    access_protocol,
    access_responsibility,
    may_manage,
    require_protocols_role,
    signable_agencies,
)
from ccrhub.protocols.forms import (
    ConfirmForm,
    DraftForm,
    NewProtocolForm,
    ResponsibilityForm,
    RetireForm,
    SignForm,
    StepForm,
)
from ccrhub.protocols.models import Kind, Protocol, ProtocolVersion, Status, VersionStatus
from ccrhub.protocols.pdf import version_pdf

# A review is flagged on the list this many days ahead.
REVIEW_FLAG_DAYS = 30
DRAFT_FIELDS = (
    "title",
    "kind",
    "review_due_on",
    "governed_stages",
    "text",
    "change_summary",
    "retraining_roles",
)
CONFLICT = gettext_lazy(
    "Someone else saved this protocol since you opened it. Your text is kept in the form "
    "below and theirs is shown beside it: compare them, then save again to replace theirs "
    "with yours."
)


def _detail(protocol: Protocol) -> HttpResponse:
    return redirect("protocols:protocol-detail", public_id=protocol.public_id)


@requires("protocols.view")
def protocol_list(request: HttpRequest) -> HttpResponse:
    ids = require_protocols_role(request.user)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in Kind.values else ""
    status = status if status in Status.values else ""
    today = timezone.localdate()
    protocols = list(queries.protocols_for_list(ids, kind=kind, status=status))
    for protocol in protocols:
        due = protocol.review_due_on
        protocol.review_flag = (  # type: ignore[attr-defined]
            ""
            if due is None or protocol.status == Status.RETIRED
            else "overdue"
            if due < today
            else "due"
            if (due - today).days <= REVIEW_FLAG_DAYS
            else ""
        )
    context = {
        "protocols": protocols,
        "collaboratives": queries.collaboratives_of(ids),
        "may_create": bool(collaborative_ids_with(request.user, MANAGE)),
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "kind": kind,
        "status": status,
    }
    return render(request, "protocols/protocol_list.html", context)


@requires("protocols.manage")
def protocol_create(request: HttpRequest) -> HttpResponse:
    ids = collaborative_ids_with(request.user, MANAGE)
    if not ids:
        raise PermissionDenied
    form = NewProtocolForm(request.POST or None, collaboratives=queries.collaboratives_of(ids))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in DRAFT_FIELDS}
        try:
            protocol = actions.create_protocol(
                form.cleaned_data["collaborative"], actor=signed_in_user(request), **data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return _detail(protocol)
    return render(request, "protocols/protocol_form.html", {"form": form, "protocol": None})


@requires("protocols.view")
def protocol_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    protocol = access_protocol(request.user, public_id)
    current = protocol.current_version
    working = actions.working_version(protocol)
    step = StepForm(initial={"version": protocol.version})
    context = {
        "protocol": protocol,
        "current": current,
        "working": working,
        "versions": queries.versions_of(protocol),
        "signatures": queries.signatures_of(current, protocol.collaborative),
        "stages": queries.stage_labels(protocol.governed_stages),
        "retraining": current.retraining_labels() if current else [],
        "may_manage": may_manage(request.user, protocol.collaborative_id),
        "may_sign": bool(
            protocol.status == Status.ADOPTED
            and current is not None
            and signable_agencies(request.user, protocol.collaborative_id)
        ),
        "step_form": step,
    }
    return render(request, "protocols/protocol_detail.html", context)


def _draft_initial(protocol: Protocol) -> dict[str, Any]:
    source = actions.working_version(protocol) or protocol.current_version
    return {
        "title": protocol.title,
        "kind": protocol.kind,
        "review_due_on": protocol.review_due_on,
        "governed_stages": protocol.governed_stages,
        "text": source.text if source else "",
        "change_summary": source.change_summary if source and source.status != "adopted" else "",
        "retraining_roles": source.retraining_roles if source else [],
        "version": protocol.version,
    }


@requires("protocols.manage")
def protocol_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    protocol = access_protocol(request.user, public_id, permission=MANAGE)
    if protocol.status == Status.RETIRED:
        messages.error(request, _("A retired protocol cannot be changed."))
        return _detail(protocol)
    theirs: ProtocolVersion | None = None
    if request.method == "POST":
        posted = request.POST.copy()
        form = DraftForm(posted)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in DRAFT_FIELDS}
            try:
                actions.save_draft(
                    protocol,
                    actor=signed_in_user(request),
                    version=form.cleaned_data["version"] or 0,
                    **data,
                )
            except actions.StaleVersion:
                protocol.refresh_from_db()
                theirs = actions.working_version(protocol) or protocol.current_version
                # The next save is a deliberate choice made with both texts in view.
                posted["version"] = str(protocol.version)
                form.add_error(None, str(CONFLICT))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Draft saved."))
                return _detail(protocol)
    else:
        form = DraftForm(initial=_draft_initial(protocol))
    context = {"form": form, "protocol": protocol, "theirs": theirs}
    return render(request, "protocols/protocol_form.html", context, status=409 if theirs else 200)


def _step(request: HttpRequest, public_id: str, step: Any, done: str) -> HttpResponse:
    protocol = access_protocol(request.user, public_id, permission=MANAGE)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Use the buttons on the protocol's page."))
        return _detail(protocol)
    try:
        step(protocol, actor=signed_in_user(request), version=form.cleaned_data["version"])
    except actions.StaleVersion:
        messages.error(request, _("The protocol changed since you read it; check it and retry."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _detail(protocol)


@require_POST
@requires("protocols.manage")
def protocol_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    return _step(request, public_id, actions.submit_for_review, _("Draft submitted for review."))


@require_POST
@requires("protocols.manage")
def protocol_adopt(request: HttpRequest, public_id: str) -> HttpResponse:
    return _step(request, public_id, actions.adopt_version, _("Version adopted: it is in force."))


@requires("protocols.manage")
def protocol_retire(request: HttpRequest, public_id: str) -> HttpResponse:
    """Retiring asks for confirmation: the protocol leaves force for every agency."""
    protocol = access_protocol(request.user, public_id, permission=MANAGE)
    form = RetireForm(request.POST or None, initial={"version": protocol.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.retire_protocol(
                protocol, actor=signed_in_user(request), version=form.cleaned_data["version"]
            )
        except actions.StaleVersion:
            form.add_error(None, _("The protocol changed since you read it; check it and retry."))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Protocol retired."))
            return _detail(protocol)
    return render(request, "protocols/retire.html", {"form": form, "protocol": protocol})


@requires("protocols.adopt")
def protocol_sign(request: HttpRequest, public_id: str) -> HttpResponse:
    protocol = access_protocol(request.user, public_id, permission=ADOPT)
    agencies = signable_agencies(request.user, protocol.collaborative_id)
    if not agencies:
        raise PermissionDenied
    current = protocol.current_version
    if protocol.status != Status.ADOPTED or current is None:
        messages.error(request, _("Only a protocol in force can be signed."))
        return _detail(protocol)
    demand_recent_reauth(request)
    signed = set(current.adoptions.values_list("agency_id", flat=True))
    unsigned = [a for a in agencies if a.pk not in signed]
    choices = Agency.objects.filter(pk__in=[a.pk for a in unsigned]).order_by("name")
    form = SignForm(request.POST or None, agencies=choices)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_version(
                current,
                actor=signed_in_user(request),
                agency=form.cleaned_data["agency"],
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Signature recorded."))
            return _detail(protocol)
    context = {"form": form, "protocol": protocol, "version": current, "unsigned": unsigned}
    return render(request, "protocols/sign.html", context)


def _version(protocol: Protocol, number: int) -> ProtocolVersion:
    found = protocol.versions.select_related("created_by").filter(number=number).first()
    if found is None:
        raise Http404
    return found


@require_GET
@requires("protocols.view")
def version_detail(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    protocol = access_protocol(request.user, public_id)
    version = _version(protocol, number)
    context = {
        "protocol": protocol,
        "version": version,
        "signatures": queries.signatures_of(version, protocol.collaborative),
    }
    return render(request, "protocols/version_detail.html", context)


@require_GET
@requires("protocols.view")
def version_pdf_view(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    protocol = access_protocol(request.user, public_id)
    version = _version(protocol, number)
    if version.status not in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED):
        raise Http404
    response = HttpResponse(version_pdf(version), content_type="application/pdf")
    filename = f"protocol-{protocol.public_id}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        raise Http404 from None


@require_GET
@requires("protocols.view")
def protocol_diff(request: HttpRequest, public_id: str) -> HttpResponse:
    protocol = access_protocol(request.user, public_id)
    numbers = list(protocol.versions.order_by("number").values_list("number", flat=True))
    context: dict[str, Any] = {"protocol": protocol, "numbers": numbers, "diff": None}
    if len(numbers) >= 2:
        old_number = _number(request.GET.get("from"), numbers[-2])
        new_number = _number(request.GET.get("to"), numbers[-1])
        old, new = _version(protocol, old_number), _version(protocol, new_number)
        context.update(diff=queries.diff_versions(old, new), old=old, new=new)
    return render(request, "protocols/diff.html", context)


# ---------------------------------------------------------------------------
# Roles & responsibilities matrix
# ---------------------------------------------------------------------------


def _matrix_url(collaborative: Any) -> HttpResponse:
    return redirect("protocols:responsibility-matrix", public_id=collaborative.public_id)


@require_GET
@requires("protocols.view")
def responsibility_matrix(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id)
    manage = may_manage(request.user, collaborative.pk)
    context = {
        "collaborative": collaborative,
        "matrix": queries.responsibility_matrix(collaborative),
        "may_manage": manage,
        "add_form": (
            ResponsibilityForm(agencies=queries.member_agencies(collaborative)) if manage else None
        ),
    }
    return render(request, "protocols/matrix.html", context)


@require_POST
@requires("protocols.manage")
def responsibility_template(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=MANAGE)
    added = actions.load_responsibility_template(collaborative, actor=signed_in_user(request))
    if added:
        done = _("%(n)d responsibilities added from the template.") % {"n": added}
        messages.success(request, done)
    else:
        messages.info(request, _("The template's responsibilities are all here already."))
    return _matrix_url(collaborative)


@requires("protocols.manage")
def responsibility_add(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission=MANAGE)
    form = ResponsibilityForm(request.POST or None, agencies=queries.member_agencies(collaborative))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_responsibility(
                collaborative,
                actor=signed_in_user(request),
                area=form.cleaned_data["area"],
                text=form.cleaned_data["text"],
                agencies=list(form.cleaned_data["agencies"]),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Responsibility added."))
            return _matrix_url(collaborative)
    context = {"form": form, "collaborative": collaborative, "responsibility": None}
    return render(request, "protocols/responsibility_form.html", context)


@requires("protocols.manage")
def responsibility_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    row = access_responsibility(request.user, public_id, permission=MANAGE)
    initial = {
        "area": row.area,
        "text": row.text,
        "agencies": [a.public_id for a in row.agencies.all()],
    }
    form = ResponsibilityForm(
        request.POST or None, initial=initial, agencies=queries.member_agencies(row.collaborative)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_responsibility(
                row,
                actor=signed_in_user(request),
                area=form.cleaned_data["area"],
                text=form.cleaned_data["text"],
                agencies=list(form.cleaned_data["agencies"]),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Responsibility saved."))
            return _matrix_url(row.collaborative)
    context = {"form": form, "collaborative": row.collaborative, "responsibility": row}
    return render(request, "protocols/responsibility_form.html", context)


@requires("protocols.manage")
def responsibility_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    row = access_responsibility(request.user, public_id, permission=MANAGE)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collaborative = row.collaborative
        actions.remove_responsibility(row, actor=signed_in_user(request))
        messages.success(request, _("Responsibility removed."))
        return _matrix_url(collaborative)
    return render(
        request, "protocols/responsibility_remove.html", {"form": form, "responsibility": row}
    )
