"""Maintenance pages of the directory: access → form → action → render.

Coordinators maintain every entry of their collaborative; an agency's staff maintain
their own agency's. The capacity switch and "verified today" are one-click POSTs.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.directory import actions, queries
from ccrhub.directory.access import (
    access_location,
    access_organization,
    access_service,
    managing_collaborative_ids,
    may_manage_organization,
)
from ccrhub.directory.forms import (
    CapacityForm,
    LocationForm,
    OrganizationCreateForm,
    OrganizationForm,
    PackageImportForm,
    ServiceForm,
    initial_of,
)
from ccrhub.directory.hsds_import import import_package
from ccrhub.directory.hsds_package import export_package, zip_bytes
from ccrhub.directory.hsds_read import PackageError, read_package, read_upload
from ccrhub.directory.models import verify_days
from ccrhub.lib import tabular
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative

GET_POST = require_http_methods(["GET", "POST"])


@requires("directory.view")
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    services = queries.services_for_list(request.user)
    rows = [(s, may_manage_organization(request.user, s.organization)) for s in services]
    context = {
        "rows": rows,
        "organizations": queries.organizations_for_list(request.user),
        "may_create": bool(managing_collaborative_ids(request.user)),
        "verify_days": verify_days(),
    }
    return render(request, "directory/service_list.html", context)


@requires("directory.view")
@require_GET
def service_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    service = queries.service_for_detail(access_service(request.user, public_id))
    context = {
        "service": service,
        "may_manage": may_manage_organization(request.user, service.organization),
        "verify_days": verify_days(),
    }
    return render(request, "directory/service_detail.html", context)


@requires("directory.manage")
@GET_POST
def service_create(request: HttpRequest, public_id: str) -> HttpResponse:
    organization = access_organization(request.user, public_id, manage=True)
    form = ServiceForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.create_service(
                organization, values=form.values(), actor=signed_in_user(request)
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Service added."))
            return redirect("directory:service-detail", public_id=service.public_id)
    context = {"form": form, "organization": organization}
    return render(request, "directory/service_form.html", context)


@requires("directory.manage")
@GET_POST
def service_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    service = access_service(request.user, public_id, manage=True)
    form = ServiceForm(request.POST or None, service=service, organization=service.organization)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_service(service, values=form.values(), actor=signed_in_user(request))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("directory:service-detail", public_id=service.public_id)
    context = {"form": form, "organization": service.organization, "service": service}
    return render(request, "directory/service_form.html", context)


@requires("directory.manage")
@require_POST
def service_capacity(request: HttpRequest, public_id: str) -> HttpResponse:
    service = access_service(request.user, public_id, manage=True)
    form = CapacityForm(request.POST)
    if form.is_valid():
        actions.set_capacity(service, **form.cleaned_data, actor=signed_in_user(request))
        messages.success(request, _("Capacity updated."))
    else:
        messages.error(request, _("Capacity not changed: give a number of places of 0 or more."))
    return redirect("directory:service-detail", public_id=service.public_id)


@requires("directory.manage")
@require_POST
def service_verify(request: HttpRequest, public_id: str) -> HttpResponse:
    service = access_service(request.user, public_id, manage=True)
    actions.mark_verified(service, actor=signed_in_user(request))
    messages.success(request, _("Marked as verified today."))
    return redirect("directory:service-detail", public_id=service.public_id)


@requires("directory.manage")
@GET_POST
def organization_create(request: HttpRequest) -> HttpResponse:
    collaborative_ids = managing_collaborative_ids(request.user)
    if not collaborative_ids:
        raise PermissionDenied
    form = OrganizationCreateForm(request.POST or None, collaborative_ids=collaborative_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = actions.create_organization(
                collaborative=data["collaborative"],
                agency=data["agency"],
                values=data,
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Organisation added."))
            return redirect("directory:organization-detail", public_id=organization.public_id)
    return render(request, "directory/organization_form.html", {"form": form})


@requires("directory.view")
@require_GET
def organization_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    organization = access_organization(request.user, public_id)
    context = {
        "organization": organization,
        "services": organization.services.order_by("name"),
        "locations": organization.locations.order_by("name"),
        "may_manage": may_manage_organization(request.user, organization),
    }
    return render(request, "directory/organization_detail.html", context)


@requires("directory.manage")
@GET_POST
def organization_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    organization = access_organization(request.user, public_id, manage=True)
    form = OrganizationForm(
        request.POST or None, initial=initial_of(organization, OrganizationForm)
    )
    if request.method == "POST" and form.is_valid():
        actions.update_organization(
            organization, values=form.cleaned_data, actor=signed_in_user(request)
        )
        messages.success(request, _("Changes saved."))
        return redirect("directory:organization-detail", public_id=organization.public_id)
    context = {"form": form, "organization": organization}
    return render(request, "directory/organization_form.html", context)


@requires("directory.manage")
@GET_POST
def location_create(request: HttpRequest, public_id: str) -> HttpResponse:
    organization = access_organization(request.user, public_id, manage=True)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.save_location(organization, values=form.cleaned_data, actor=signed_in_user(request))
        messages.success(request, _("Location added."))
        return redirect("directory:organization-detail", public_id=organization.public_id)
    context = {"form": form, "organization": organization}
    return render(request, "directory/location_form.html", context)


@requires("directory.manage")
@GET_POST
def location_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    location = access_location(request.user, public_id, manage=True)
    organization = location.organization
    form = LocationForm(request.POST or None, initial=initial_of(location, LocationForm))
    if request.method == "POST" and form.is_valid():
        actions.save_location(
            organization, location=location, values=form.cleaned_data, actor=signed_in_user(request)
        )
        messages.success(request, _("Changes saved."))
        return redirect("directory:organization-detail", public_id=organization.public_id)
    context = {"form": form, "organization": organization, "location": location}
    return render(request, "directory/location_form.html", context)


# HSDS data packages -------------------------------------------------------------------


def _coordinated(user: Any) -> list[int]:
    collaborative_ids = managing_collaborative_ids(user)
    if not collaborative_ids:
        raise PermissionDenied
    return collaborative_ids


@requires("directory.manage")
@GET_POST
def package(request: HttpRequest) -> HttpResponse:
    """Import an HSDS package into a coordinated collaborative; links to the export."""
    collaborative_ids = _coordinated(request.user)
    form = PackageImportForm(
        request.POST or None, request.FILES or None, collaborative_ids=collaborative_ids
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.CCRHUB_UPLOAD_MAX_BYTES:
            form.add_error("file", _("The package is larger than uploads may be."))
        else:
            try:
                tables = read_package(read_upload(upload.name or "", upload.read()))
            except PackageError as error:
                form.add_error("file", str(error))
            else:
                report = import_package(
                    tables,
                    collaborative=form.cleaned_data["collaborative"],
                    actor=signed_in_user(request),
                    dry_run=form.cleaned_data["dry_run"],
                )
    context = {
        "form": form,
        "report": report,
        "report_rows": [
            (t, report.created[t], report.updated[t], report.unchanged[t]) for t in report.tables()
        ]
        if report
        else [],
        "collaboratives": Collaborative.objects.filter(pk__in=collaborative_ids),
    }
    status = 422 if report is not None and not report.ok else 200
    return render(request, "directory/package.html", context, status=status)


@requires("directory.manage")
@require_GET
def package_export(request: HttpRequest) -> HttpResponse:
    """The published directory as an HSDS 3.0 package (zip); all of it, or one of the
    coordinator's collaboratives. Audited."""
    collaborative_ids = _coordinated(request.user)
    scope: list[int] | None = None
    if request.GET.get("collaborative"):
        key = parse_public_id(request.GET["collaborative"])
        found = Collaborative.objects.filter(public_id=key, pk__in=collaborative_ids).first()
        if found is None:
            raise Http404
        scope = [found.pk]
    export = export_package(collaborative_ids=scope, actor=signed_in_user(request))
    return tabular.attachment(zip_bytes(export), filename="hsds-package.zip", format=tabular.ZIP)
