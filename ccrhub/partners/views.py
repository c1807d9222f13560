"""Pages for collaboratives, agencies, memberships, roles, coverage and the avenue tool.

Each view: access → form → action → render. Access functions answer 404 for what the
user may not see and 403 for what they may see but not change.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.decorators import demand_recent_reauth
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.policy import authenticated, requires
from ccrhub.partners import actions, avenue, queries
from ccrhub.partners.access import (
    access_agency,
    access_assessment,
    access_collaborative,
    access_membership,
    access_representative,
    grantable_roles,
    may_take_role,
    require_any,
)
from ccrhub.partners.coverage import compute_coverage
from ccrhub.partners.forms import (
    AgencyCreateForm,
    AgencyForm,
    AvenueForm,
    CollaborativeForm,
    GrantRoleForm,
    MembershipForm,
)
from ccrhub.partners.models import Agency, Collaborative, Role

GET_POST = require_http_methods(["GET", "POST"])


def _may(user: Any, permission: str, collaborative: Collaborative) -> bool:
    return queries.can(user, permission, collaborative.pk)


# Collaboratives ------------------------------------------------------------------


@authenticated
def collaborative_list(request: HttpRequest) -> HttpResponse:
    roles = queries.active_roles(request.user)
    labels = dict(Role.choices)
    rows = [
        (c, labels.get(roles.get(c.pk, ""))) for c in queries.collaboratives_for_list(request.user)
    ]
    may_create = actions.may_create_collaborative(signed_in_user(request))
    return render(
        request, "partners/collaborative_list.html", {"rows": rows, "may_create": may_create}
    )


@requires("collaborative.manage")
@GET_POST
def collaborative_create(request: HttpRequest) -> HttpResponse:
    if not actions.may_create_collaborative(signed_in_user(request)):
        raise PermissionDenied
    form = CollaborativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collaborative = actions.create_collaborative(
            **form.cleaned_data, actor=signed_in_user(request)
        )
        messages.success(request, _("Collaborative created; you are its coordinator."))
        return redirect("partners:collaborative-detail", public_id=collaborative.public_id)
    return render(request, "partners/collaborative_form.html", {"form": form})


@requires("collaborative.view")
def collaborative_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id)
    role = queries.role_in(request.user, collaborative.pk)
    representatives = []
    if _may(request.user, "members.view", collaborative):
        representatives = [
            (r, may_take_role(request.user, role, user=r.user, role=r.role))
            for r in queries.active_representatives(collaborative)
        ]
    context = {
        "collaborative": collaborative,
        "role": role,
        "memberships": queries.active_memberships(collaborative),
        "representatives": representatives,
        "may_see_members": _may(request.user, "members.view", collaborative),
        "may_manage": _may(request.user, "collaborative.manage", collaborative),
        "may_grant": bool(grantable_roles(role)),
    }
    return render(request, "partners/collaborative_detail.html", context)


@requires("collaborative.manage")
@GET_POST
def collaborative_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="collaborative.manage")
    initial = {f: getattr(collaborative, f) for f in CollaborativeForm.base_fields}
    form = CollaborativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_collaborative(
            collaborative, **form.cleaned_data, actor=signed_in_user(request)
        )
        messages.success(request, _("Changes saved."))
        return redirect("partners:collaborative-detail", public_id=collaborative.public_id)
    return render(
        request, "partners/collaborative_form.html", {"form": form, "collaborative": collaborative}
    )


@requires("collaborative.manage")
@GET_POST
def collaborative_deactivate(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="collaborative.manage")
    if request.method == "POST":
        actions.deactivate_collaborative(collaborative, actor=signed_in_user(request))
        messages.success(request, _("The collaborative is closed."))
        return redirect("partners:collaborative-list")
    return render(
        request,
        "partners/confirm.html",
        {
            "title": _("Close %(name)s?") % {"name": collaborative.name},
            "explanation": _(
                "Nobody's role in it will grant anything any more. Its records are kept."
            ),
            "button": _("Close the collaborative"),
            "cancel_url": collaborative_url(collaborative),
        },
    )


def collaborative_url(collaborative: Collaborative) -> str:
    return reverse("partners:collaborative-detail", kwargs={"public_id": collaborative.public_id})


# Memberships and roles -----------------------------------------------------------


@requires("collaborative.manage")
@GET_POST
def membership_create(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="collaborative.manage")
    candidates = queries.membership_candidates(collaborative, request.user)
    form = MembershipForm(request.POST or None, agencies=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_agency_to_collaborative(
                collaborative,
                agency=form.cleaned_data["agency"],
                joined_on=form.cleaned_data["joined_on"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Agency added."))
            return redirect(collaborative_url(collaborative))
    return render(
        request, "partners/membership_form.html", {"form": form, "collaborative": collaborative}
    )


@requires("collaborative.manage")
@GET_POST
def membership_end(request: HttpRequest, public_id: str, agency_id: str) -> HttpResponse:
    membership = access_membership(
        request.user, public_id, agency_id, permission="collaborative.manage"
    )
    collaborative = membership.collaborative
    if request.method == "POST":
        actions.end_agency_membership(membership, actor=signed_in_user(request))
        messages.success(request, _("The agency has left the collaborative."))
        return redirect(collaborative_url(collaborative))
    return render(
        request,
        "partners/confirm.html",
        {
            "title": _("Remove %(agency)s from %(name)s?")
            % {"agency": membership.agency.name, "name": collaborative.name},
            "explanation": _("The roles its staff hold in this collaborative end with it."),
            "button": _("Remove the agency"),
            "cancel_url": collaborative_url(collaborative),
        },
    )


# Coordinators (to anyone) and agency admins (to their own agency's staff) give roles
# within their own permissions. The form offers those; the action refuses the rest (S5).
@requires("members.manage", "members.manage_own_agency")
@GET_POST
def role_grant(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="members.view")
    roles = grantable_roles(queries.role_in(request.user, collaborative.pk))
    if not roles:
        raise PermissionDenied
    demand_recent_reauth(request)
    users = queries.grantable_users(collaborative, actor=signed_in_user(request))
    form = GrantRoleForm(request.POST or None, users=users, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            actions.grant_role(
                collaborative,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                actor=signed_in_user(request),
            )
        except actions.RoleBeyondYourOwn as refusal:
            form.add_error("role", str(refusal))
            return render(
                request,
                "partners/role_form.html",
                {"form": form, "collaborative": collaborative},
                status=403,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect(collaborative_url(collaborative))
    return render(
        request, "partners/role_form.html", {"form": form, "collaborative": collaborative}
    )


@requires("members.manage", "members.manage_own_agency")
@GET_POST
def role_revoke(request: HttpRequest, public_id: str, representative_id: str) -> HttpResponse:
    representative = access_representative(request.user, public_id, representative_id)
    collaborative = representative.collaborative
    actor_role = queries.role_in(request.user, collaborative.pk)
    if not may_take_role(
        request.user, actor_role, user=representative.user, role=representative.role
    ):
        raise PermissionDenied
    demand_recent_reauth(request)
    if request.method == "POST":
        actions.revoke_role(collaborative, user=representative.user, actor=signed_in_user(request))
        messages.success(request, _("Role removed."))
        return redirect(collaborative_url(collaborative))
    return render(
        request,
        "partners/confirm.html",
        {
            "title": _("Remove %(person)s's role?") % {"person": representative.user},
            "explanation": _("Their access to this collaborative ends at once."),
            "button": _("Remove the role"),
            "cancel_url": collaborative_url(collaborative),
        },
    )


@requires("coverage.view")
def coverage_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative = access_collaborative(request.user, public_id, permission="coverage.view")
    coverage = compute_coverage(collaborative)
    return render(
        request,
        "partners/coverage.html",
        {"collaborative": collaborative, "coverage": coverage},
    )


# Agencies ------------------------------------------------------------------------


@authenticated
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = queries.visible_agencies(request.user).order_by("name")
    may_create = bool(queries.collaborative_ids_with(request.user, "collaborative.manage"))
    return render(
        request, "partners/agency_list.html", {"agencies": agencies, "may_create": may_create}
    )


@authenticated
def agency_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    agency = access_agency(request.user, public_id)
    mine = list(queries.active_roles(request.user))
    memberships = agency.memberships.filter(
        is_active=True, collaborative_id__in=mine
    ).select_related("collaborative")
    may_manage = any(
        _may(request.user, "collaborative.manage", m.collaborative) for m in memberships
    )
    return render(
        request,
        "partners/agency_detail.html",
        {"agency": agency, "memberships": memberships, "may_manage": may_manage},
    )


@requires("collaborative.manage")
@GET_POST
def agency_create(request: HttpRequest) -> HttpResponse:
    managed = Collaborative.objects.filter(pk__in=require_any(request.user, "collaborative.manage"))
    form = AgencyCreateForm(request.POST or None, collaboratives=managed)
    if request.method == "POST" and form.is_valid():
        try:
            agency = actions.create_agency(**form.cleaned_data, actor=signed_in_user(request))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Agency created."))
            return redirect("partners:agency-detail", public_id=agency.public_id)
    return render(request, "partners/agency_form.html", {"form": form})


@requires("collaborative.manage")
@GET_POST
def agency_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    agency = access_agency(request.user, public_id, permission="collaborative.manage")
    initial = {f: getattr(agency, f) for f in AgencyForm.base_fields}
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_agency(agency, **form.cleaned_data, actor=signed_in_user(request))
        messages.success(request, _("Changes saved."))
        return redirect("partners:agency-detail", public_id=agency.public_id)
    return render(request, "partners/agency_form.html", {"form": form, "agency": agency})


@requires("collaborative.manage")
@GET_POST
def agency_deactivate(request: HttpRequest, public_id: str) -> HttpResponse:
    agency: Agency = access_agency(request.user, public_id, permission="collaborative.manage")
    if request.method == "POST":
        actions.deactivate_agency(agency, actor=signed_in_user(request))
        messages.success(request, _("The agency is deactivated."))
        return redirect("partners:agency-list")
    return render(
        request,
        "partners/confirm.html",
        {
            "title": _("Deactivate %(agency)s?") % {"agency": agency.name},
            "explanation": _(
                "You must coordinate every collaborative it still belongs to. Its records are kept."
            ),
            "button": _("Deactivate the agency"),
            "cancel_url": "",
        },
    )


# The avenue tool -----------------------------------------------------------------


@authenticated
def avenue_list(request: HttpRequest) -> HttpResponse:
    assessments = queries.assessments_for_list(request.user)
    may_use = bool(queries.collaborative_ids_with(request.user, "avenue.use"))
    return render(
        request, "partners/avenue_list.html", {"assessments": assessments, "may_use": may_use}
    )


@requires("avenue.use")
@GET_POST
def avenue_create(request: HttpRequest) -> HttpResponse:
    usable = Collaborative.objects.filter(pk__in=require_any(request.user, "avenue.use"))
    mine = Collaborative.objects.filter(pk__in=list(queries.active_roles(request.user)))
    form = AvenueForm(request.POST or None, mine=mine, usable=usable)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.record_avenue_assessment(
                answers=form.answers(),
                collaborative=form.cleaned_data["collaborative"],
                existing_collaborative=form.cleaned_data["existing_collaborative"],
                existing_name=form.cleaned_data["existing_name"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("partners:avenue-detail", public_id=assessment.public_id)
    return render(request, "partners/avenue_form.html", {"form": form})


@authenticated
def avenue_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    assessment = access_assessment(request.user, public_id)
    return render(
        request,
        "partners/avenue_detail.html",
        {
            "assessment": assessment,
            "answers": avenue.answer_labels(assessment.answers),
            "source": avenue.SOURCE,
        },
    )
