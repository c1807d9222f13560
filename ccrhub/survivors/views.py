"""Pages of /survivors/: the owning agency's records, releases or recorded bases,
compelled disclosures, and the read-only view a recipient agency gets."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.decorators import demand_recent_reauth
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import authenticated, requires
from ccrhub.risk.models import Assessment
from ccrhub.survivors import actions, queries
from ccrhub.survivors.access import (
    RECIPIENT_PERMISSIONS,
    SurvivorView,
    access_disclosure,
    access_release,
    access_survivor,
    access_survivor_report,
    access_task,
    agency_of,
    is_owner_staff,
    may_receive,
    may_work_with_survivors,
)
from ccrhub.survivors.forms import (
    ConfirmForm,
    DisclosureForm,
    ReleaseForm,
    ReviewForm,
    SurvivorForm,
)
from ccrhub.survivors.models import Category, CompelledDisclosure

REPORT_PAGE_SIZE = 50


def _require_staff(request: HttpRequest, *, write: bool = False) -> int:
    if not may_work_with_survivors(request.user, write=write):
        raise PermissionDenied
    return agency_of(request.user).pk


@requires("survivors.view")
def survivor_list(request: HttpRequest) -> HttpResponse:
    agency_id = _require_staff(request)
    context = {
        "survivors": queries.survivors_for_list(agency_id, reader=request.user),
        "tasks": queries.open_tasks(agency_id),
        "may_write": may_work_with_survivors(request.user, write=True),
    }
    return render(request, "survivors/survivor_list.html", context)


@requires("survivors.write")
def survivor_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request, write=True)
    form = SurvivorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actor = signed_in_user(request)
        fields = {name: form.cleaned_data[name] for name in SurvivorForm.Meta.fields}
        survivor = actions.create_survivor(agency_of(actor), actor=actor, **fields)
        messages.success(request, _("Survivor record created."))
        return redirect("survivors:survivor-detail", public_id=survivor.public_id)
    return render(request, "survivors/survivor_form.html", {"form": form, "survivor": None})


@requires("survivors.view")
def survivor_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    survivor = access_survivor(request.user, public_id)
    actions.record_survivor_viewed(survivor, actor=signed_in_user(request), via="html")
    context = {
        "survivor": survivor,
        "assessments": survivor.assessments.select_related("assessed_by").order_by(
            "-assessed_on", "-id"
        ),
        "releases": queries.releases_of(survivor),
        "disclosures": queries.disclosures_of(survivor),
        "may_write": is_owner_staff(request.user, survivor, write=True),
        "uk": settings.JURISDICTION == "uk",
    }
    return render(request, "survivors/survivor_detail.html", context)


@requires("survivors.write")
def survivor_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    survivor = access_survivor(request.user, public_id, write=True)
    if request.method != "POST":
        # The form shows every field of the record: a full view like the record page.
        actions.record_survivor_viewed(survivor, actor=signed_in_user(request), via="html:edit")
    form = SurvivorForm(request.POST if request.method == "POST" else None, instance=survivor)
    if request.method == "POST" and form.is_valid():
        survivor.refresh_from_db()
        changes = {name: form.cleaned_data[name] for name in SurvivorForm.Meta.fields}
        try:
            actions.update_survivor(
                survivor,
                actor=signed_in_user(request),
                changes=changes,
                version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion:
            form.add_error(None, _("Someone else changed this record; reload and try again."))
            return render(
                request,
                "survivors/survivor_form.html",
                {"form": form, "survivor": survivor},
                status=409,
            )
        messages.success(request, _("Survivor record saved."))
        return redirect("survivors:survivor-detail", public_id=survivor.public_id)
    return render(request, "survivors/survivor_form.html", {"form": form, "survivor": survivor})


@authenticated
def survivor_access_report(request: HttpRequest, public_id: str) -> HttpResponse:
    """Who saw this record, when, under what basis (S20): for the owning agency's staff,
    and for the coordinator of a team it was referred to (see `access_survivor_report`)."""
    scope = access_survivor_report(request.user, public_id)
    events = queries.access_events(scope.survivor, whole=scope.whole)
    page = Paginator(events, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.report_rows(page.object_list, scope.survivor.owner_agency_id)
    actions.record_access_report_read(
        scope.survivor, actor=signed_in_user(request), whole=scope.whole
    )
    context = {"survivor": scope.survivor, "whole": scope.whole, "page": page, "rows": rows}
    return render(request, "survivors/access_report.html", context)


@requires("survivors.write")
def survivor_incident(request: HttpRequest, public_id: str) -> HttpResponse:
    survivor = access_survivor(request.user, public_id, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.report_incident(survivor, actor=signed_in_user(request))
        messages.success(request, _("New incident noted: a re-assessment is due."))
        return redirect("survivors:survivor-detail", public_id=survivor.public_id)
    return render(request, "survivors/incident_form.html", {"form": form, "survivor": survivor})


@requires("survivors.write")
def release_create(request: HttpRequest, public_id: str) -> HttpResponse:
    survivor = access_survivor(request.user, public_id, write=True)
    actor = signed_in_user(request)
    demand_recent_reauth(request)
    form = ReleaseForm(
        request.POST or None,
        agencies=queries.recipient_agencies(survivor.owner_agency_id),
        approvers=queries.approvers(survivor.owner_agency_id, exclude=actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_release(
                survivor,
                actor=actor,
                recipient_agency=data["recipient_agency"],
                categories=data["categories"],
                purpose=data["purpose"],
                signed_at=data["signed_at"],
                expires_at=data["expires_at"],
                told_not_condition_of_service=data["told_not_condition_of_service"],
                given_by_party_ref=data["given_by_party_ref"] or None,
                consent=data.get("consent", True),
                lawful_basis=data.get("lawful_basis", ""),
                special_category_condition=data.get("special_category_condition", ""),
                without_consent_reason=data.get("without_consent_reason", ""),
                approved_by=data.get("approver"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("survivors:survivor-detail", public_id=survivor.public_id)
    context = {"form": form, "survivor": survivor, "uk": settings.JURISDICTION == "uk"}
    return render(request, "survivors/release_form.html", context)


@requires("survivors.write")
def release_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    release = access_release(request.user, public_id, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.revoke_release(release, actor=signed_in_user(request))
        messages.success(request, _("Revoked: the recipient no longer sees this record."))
        return redirect("survivors:survivor-detail", public_id=release.survivor.public_id)
    return render(request, "survivors/release_revoke.html", {"form": form, "release": release})


@requires("survivors.write")
def disclosure_create(request: HttpRequest, public_id: str) -> HttpResponse:
    survivor = access_survivor(request.user, public_id, write=True)
    demand_recent_reauth(request)
    form = DisclosureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = actions.record_disclosure(
                survivor, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, _("Disclosure recorded; a task to tell the survivor was created.")
            )
            return redirect("survivors:disclosure-detail", public_id=disclosure.public_id)
    return render(request, "survivors/disclosure_form.html", {"form": form, "survivor": survivor})


@requires("survivors.write")
def disclosure_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    disclosure = access_disclosure(request.user, public_id, write=True)
    actor = signed_in_user(request)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_disclosure(
                disclosure,
                actor=actor,
                authorise=form.cleaned_data["authorise"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("survivors:disclosure-detail", public_id=disclosure.public_id)
    authorised = disclosure.status == CompelledDisclosure.Status.AUTHORISED
    context = {
        "disclosure": disclosure,
        "form": form,
        "extract": actions.disclosure_extract(disclosure, actor=actor) if authorised else None,
        "may_review": disclosure.status == CompelledDisclosure.Status.REVIEW_REQUIRED
        and disclosure.recorded_by_id != actor.pk,
    }
    return render(request, "survivors/disclosure_detail.html", context)


@requires("survivors.write")
def task_complete(request: HttpRequest, public_id: str) -> HttpResponse:
    task = access_task(request.user, public_id, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.complete_task(task, actor=signed_in_user(request))
        messages.success(request, _("Task done."))
        return redirect("survivors:survivor-list")
    return render(request, "survivors/task_complete.html", {"form": form, "task": task})


@requires(*RECIPIENT_PERMISSIONS)
def shared_list(request: HttpRequest) -> HttpResponse:
    """What other agencies have released to the user's agency (no survivor fields)."""
    if not may_receive(request.user):
        raise PermissionDenied
    releases = queries.shared_with(agency_of(request.user).pk, reader=request.user)
    return render(request, "survivors/shared_list.html", {"releases": releases})


@authenticated
def shared_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The survivor as released to the user's agency: 404 unless a valid release covers
    something; every view audited. Checked and rendered in one transaction holding the
    release rows, so a revoke that commits first is seen, and one that comes after waits."""
    with actions.reading_shared_survivor(request.user, public_id, via="html") as view:
        context = {
            "view": view,
            "categories": [label for value, label in Category.choices if value in view.categories],
            "assessments": _released_assessments(view),
        }
        return render(request, "survivors/shared_detail.html", context)


def _released_assessments(view: SurvivorView) -> list[Assessment]:
    """Outcomes only (no answers) of the owning agency's assessments, if risk is released."""
    if Category.RISK not in view.categories:
        return []
    return list(
        Assessment.objects.filter(
            survivor__public_id=view.public_id, agency_id=view.owner_agency_id
        ).order_by("-assessed_on", "-id")[:5]
    )
