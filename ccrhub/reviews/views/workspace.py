"""Review pages: the list, opening and editing a review, its team and its data records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative, Representative
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    MANAGE,
    VIEW,
    access_review,
    may_manage,
    require_reviews_role,
)
from ccrhub.reviews.forms import (
    MemberForm,
    RecordForm,
    ReviewCreateForm,
    ReviewEditForm,
)
from ccrhub.reviews.models import NoteKind
from ccrhub.reviews.views.base import _attempt, _form_page, _to


@requires(VIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    ids = require_reviews_role(request.user)
    context = {
        "reviews": queries.reviews_for_list(request.user, ids),
        "may_create": bool(collaborative_ids_with(request.user, MANAGE)),
    }
    return render(request, "reviews/review_list.html", context)


@requires(MANAGE)
def review_create(request: HttpRequest) -> HttpResponse:
    ids = collaborative_ids_with(request.user, MANAGE)
    if not ids:
        raise PermissionDenied
    collaboratives = Collaborative.objects.filter(pk__in=ids).order_by("name")
    form = ReviewCreateForm(request.POST or None, collaboratives=collaboratives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = _attempt(
            form,
            lambda: actions.create_review(
                data["collaborative"],
                kind=data["kind"],
                title=data["title"],
                question=data["question"],
                scope_points=data["scope_points"],
                jurisdiction=data["jurisdiction"],
                notified_on=data["notified_on"],
                response_on=data["response_on"],
                actor=signed_in_user(request),
            ),
        )
        if review is not None:
            messages.success(request, _("Review created. Add the team next."))
            return _to(review)
    return _form_page(request, None, form, title=_("Start a review"))


@requires(VIEW)
def review_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id)
    findings = list(queries.findings_of(review))
    today = timezone.localdate()
    context = {
        "review": review,
        "may_manage": may_manage(request.user, review),
        "members": review.members.filter(is_active=True).select_related("user", "agency"),
        "records": review.records.all(),
        "documents": review.documents.select_related("agency"),
        "findings": findings,
        "methods_used": queries.methods_used(findings),
        "recommendations": review.recommendations.for_list(),
        "points": [queries.point_label(p) for p in review.scope_points],
        "today": today,
        "decision_overdue": review.decision_overdue(today),
        "checklist": review.checklist.select_related("agency") if review.is_sart else [],
        "requests": review.requests.select_related("agency") if review.is_death else [],
        "persons": review.persons.all() if review.is_death else [],
        "family": review.notes.filter(kind=NoteKind.FAMILY) if review.is_death else [],
        "quality_notes": review.notes.filter(kind=NoteKind.QUALITY).select_related("created_by"),
        "entry_count": review.entries.count() if review.is_death else 0,
    }
    return render(request, "reviews/review_detail.html", context)


@requires(MANAGE)
def review_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id, manage=True)
    names = ["title", "question", "scope_points", "status", "summary", "overview"]
    if review.is_death:
        names += ["terms_of_reference", "proceedings_closed"]
    if review.is_sart:
        names += ["response_on"]
    initial = {name: getattr(review, name) for name in names} | {"version": review.version}
    form = ReviewEditForm(request.POST or None, initial=initial)
    for name in list(form.fields):
        if name not in names and name != "version":
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        done = _attempt(
            form,
            lambda: actions.update_review(
                review, version=version, changes=data, actor=signed_in_user(request)
            ),
        )
        if done is not None:
            messages.success(request, _("Review saved."))
            return _to(review)
    return _form_page(request, review, form, title=_("Edit the review"))


@requires(MANAGE)
def member_add(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id, manage=True)
    with_role = Representative.objects.filter(
        collaborative_id=review.collaborative_id, is_active=True
    ).values("user_id")
    current = review.members.filter(is_active=True).values("user_id")
    users = (
        User.objects.filter(pk__in=with_role, is_active=True)
        .exclude(pk__in=current)
        .order_by("full_name")
    )
    form = MemberForm(request.POST or None, users=users)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: actions.add_member(
                review,
                user=data["user"],
                role=data["role"],
                confidentiality_signed_on=data["confidentiality_signed_on"],
                actor=signed_in_user(request),
            ),
        )
        if done is not None:
            messages.success(request, _("Member added."))
            return _to(review)
    return _form_page(
        request,
        review,
        form,
        title=_("Add to the team"),
        intro=_("Only members see the review. Panels record signed confidentiality agreements."),
    )


@requires(VIEW)
def record_add(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.add_record(review, actor=signed_in_user(request), **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Added to the data-collection plan."))
            return _to(review)
    return _form_page(request, review, form, title=_("Plan or record data collection"))
