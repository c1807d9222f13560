"""Death review pages: chronology, people, decision, pseudonyms and publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.policy import requires
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    MANAGE,
    VIEW,
    access_part,
    access_review,
    may_manage,
)
from ccrhub.reviews.forms import (
    ChronologyRequestForm,
    ConfirmForm,
    DecisionForm,
    EntryForm,
    PersonForm,
)
from ccrhub.reviews.models import (
    ChronologyRequest,
    Review,
)
from ccrhub.reviews.views.base import STALE, _attempt, _form_page, _member_agencies, _to


def _death(request: HttpRequest, public_id: str, *, manage: bool = False) -> Review:
    review = access_review(request.user, public_id, manage=manage)
    if not review.is_death:
        raise Http404
    return review


@requires(VIEW)
def chronology(request: HttpRequest, public_id: str) -> HttpResponse:
    """The merged chronology; POST adds an entry of an agency's chronology."""
    review = _death(request, public_id)
    form = EntryForm(request.POST or None, agencies=_member_agencies(review.collaborative_id))
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.record_chronology_entry(
                review, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Entry added."))
            return redirect("reviews:chronology", public_id=review.public_id)
    entries = list(queries.merged_chronology(review))
    context = {
        "review": review,
        "entries": entries,
        "agency_count": len({e.agency_id for e in entries}),
        "form": form,
    }
    return render(request, "reviews/chronology.html", context)


@requires(MANAGE)
def chronology_request(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    agencies = _member_agencies(review.collaborative_id).exclude(
        pk__in=review.requests.values("agency_id")
    )
    form = ChronologyRequestForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.request_chronology(
                review, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Chronology requested."))
            return _to(review)
    return _form_page(request, review, form, title=_("Request a chronology"))


@requires(MANAGE)
def chronology_chase(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    count = actions.chase_overdue_chronologies(review, actor=signed_in_user(request))
    messages.success(request, _("Overdue returns chased: %(n)s.") % {"n": count})
    return _to(review)


@requires(MANAGE)
def chronology_returned(request: HttpRequest, public_id: str) -> HttpResponse:
    found = access_part(request.user, ChronologyRequest, public_id)
    if not may_manage(request.user, found.review):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    actions.mark_chronology_returned(found, actor=signed_in_user(request))
    return _to(found.review)


@requires(MANAGE)
def person_add(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.add_person(review, actor=signed_in_user(request), **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Person added with a pseudonym."))
            return _to(review)
    intro = _(
        "The real name and date of birth are kept encrypted and used only to check that "
        "nothing published identifies the person."
    )
    return _form_page(request, review, form, title=_("Add a person and pseudonym"), intro=intro)


@requires(MANAGE)
def decision(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.record_decision(
                review, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Decision recorded."))
            return _to(review)
    return _form_page(request, review, form, title=_("Decide whether to review"))


@requires(MANAGE)
def apply_pseudonyms(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        changed = actions.apply_pseudonyms(review, actor=signed_in_user(request))
    except StaleVersion:
        messages.error(request, STALE)
    else:
        messages.success(request, _("Pseudonyms applied in %(n)s parts.") % {"n": changed})
    return redirect("reviews:publication", public_id=review.public_id)


@requires(VIEW)
def publication(request: HttpRequest, public_id: str) -> HttpResponse:
    """What still identifies someone; POST publishes (the review's coordinator)."""
    review = access_review(request.user, public_id)
    form = ConfirmForm(request.POST or None)
    places = actions.remaining_places(review) if review.is_death else []
    if request.method == "POST":
        if not may_manage(request.user, review):
            raise PermissionDenied
        try:
            actions.publish_review(review, actor=signed_in_user(request))
        except actions.PublicationRefused as refused:
            places = refused.places
            messages.error(request, _("Not published: the report still identifies people."))
        except StaleVersion:
            messages.error(request, STALE)
        else:
            messages.success(request, _("Published."))
            return _to(review)
    context = {
        "review": review,
        "places": places,
        "form": form,
        "may_manage": may_manage(request.user, review),
    }
    return render(request, "reviews/publication.html", context)
