"""Pages of /reviews/: the review workspaces, their parts and the recommendations tracker."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.lib import uploads
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.lib.forms import add_action_errors
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Representative
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    MANAGE,
    VIEW,
    access_annotation,
    access_document,
    access_finding,
    access_part,
    access_recommendation,
    access_review,
    may_manage,
    may_manage_recommendation,
    require_reviews_role,
)
from ccrhub.reviews.forms import (
    AnnotationForm,
    CheckForm,
    ChronologyRequestForm,
    ConfirmForm,
    DecisionForm,
    DocumentForm,
    EntryForm,
    FamilyForm,
    FindingEditForm,
    FindingForm,
    MemberForm,
    PersonForm,
    QualityForm,
    RecommendationEditForm,
    RecommendationForm,
    RecordForm,
    ReviewCreateForm,
    ReviewEditForm,
)
from ccrhub.reviews.models import (
    ChecklistItem,
    ChronologyRequest,
    Finding,
    RecommendationStatus,
    Review,
    SourceKind,
)
from ccrhub.reviews.report import render_report_pdf

STALE = _("Someone else changed this since you opened it; your change was not saved.")


def _to(review: Review) -> HttpResponse:
    return redirect("reviews:review-detail", public_id=review.public_id)


def _member_agencies(collaborative_id: int) -> Any:
    ids = AgencyMembership.objects.filter(collaborative_id=collaborative_id, is_active=True).values(
        "agency_id"
    )
    return Agency.objects.filter(pk__in=ids).order_by("name")


def _form_page(
    request: HttpRequest,
    review: Review | None,
    form: Any,
    *,
    title: str,
    intro: str = "",
    multipart: bool = False,
    back: str = "",
) -> HttpResponse:
    context = {
        "review": review,
        "form": form,
        "title": title,
        "intro": intro,
        "multipart": multipart,
        "back": back,
    }
    return render(request, "reviews/form.html", context)


def _attempt(form: Any, act: Callable[[], Any]) -> Any:
    """Run an action; its ValidationError lands on the form and None is returned."""
    try:
        return act()
    except ValidationError as error:
        add_action_errors(form, error)
    except StaleVersion:
        form.add_error(None, STALE)
    return None


# ---------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------


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
        "family": review.family_contacts.all() if review.is_death else [],
        "quality_notes": review.quality_notes.select_related("created_by"),
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


# ---------------------------------------------------------------------------
# Documents, annotations, findings
# ---------------------------------------------------------------------------


@requires(VIEW)
def document_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        agencies=_member_agencies(review.collaborative_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = _attempt(
            form,
            lambda: actions.upload_document(
                review,
                upload=data["file"],
                title=data["title"],
                kind=data["kind"],
                agency=data["agency"],
                actor=signed_in_user(request),
            ),
        )
        if document is not None:
            messages.success(request, _("Document uploaded; its metadata was removed."))
            return redirect("reviews:document-detail", public_id=document.public_id)
    return _form_page(request, review, form, title=_("Upload a form or policy"), multipart=True)


@requires(VIEW)
def document_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The document and its annotations; POST adds an annotation (text analysis)."""
    document = access_document(request.user, public_id)
    form = AnnotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.annotate_document(
                document, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Annotation added."))
            return redirect("reviews:document-detail", public_id=document.public_id)
    text = ""
    if document.content_type.startswith("text/plain"):
        text = uploads.read_stored(document.stored_name).decode("utf-8", "replace")[:20000]
    context = {
        "document": document,
        "review": document.review,
        "annotations": document.annotations.select_related("finding", "created_by"),
        "form": form,
        "text": text,
        "point_label": queries.point_label,
    }
    return render(request, "reviews/document_detail.html", context)


@requires(VIEW)
def document_download(request: HttpRequest, public_id: str) -> HttpResponseBase:
    document = access_document(request.user, public_id)
    return uploads.attachment_response(document.stored_name, filename=document.original_name)


def _finding_data(form: Any) -> dict[str, Any]:
    names = ["problem", "method", "processing_point", "how_produced", "evidence", "measure_key"]
    return {name: form.cleaned_data[name] for name in names}


@requires(VIEW)
def finding_create(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        finding = _attempt(
            form,
            lambda: actions.record_finding(
                review, actor=signed_in_user(request), **_finding_data(form)
            ),
        )
        if finding is not None:
            messages.success(request, _("Finding recorded."))
            return redirect("reviews:finding-detail", public_id=finding.public_id)
    return _form_page(request, review, form, title=_("Record a finding"))


@requires(VIEW)
def annotation_finding(request: HttpRequest, public_id: str) -> HttpResponse:
    """Turn an annotation into a finding."""
    annotation = access_annotation(request.user, public_id)
    review = annotation.document.review
    if annotation.finding_id is not None:
        return redirect("reviews:finding-detail", public_id=annotation.finding.public_id)  # type: ignore[union-attr]
    initial = {
        "processing_point": annotation.processing_point,
        "evidence": _("%(doc)s, %(where)s: “%(quote)s”")
        % {
            "doc": annotation.document.title,
            "where": annotation.location,
            "quote": annotation.quote,
        },
        "how_produced": annotation.note,
    }
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        finding = _attempt(
            form,
            lambda: actions.record_finding(
                review, annotation=annotation, actor=signed_in_user(request), **_finding_data(form)
            ),
        )
        if finding is not None:
            messages.success(request, _("Finding recorded from the annotation."))
            return redirect("reviews:finding-detail", public_id=finding.public_id)
    return _form_page(request, review, form, title=_("Turn the annotation into a finding"))


@requires(VIEW)
def finding_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The finding; members edit it (POST)."""
    finding = access_finding(request.user, public_id)
    review = finding.review
    names = ["problem", "method", "processing_point", "how_produced", "evidence", "measure_key"]
    initial = {name: getattr(finding, name) for name in names} | {"version": finding.version}
    form = FindingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _finding_data(form)
        done = _attempt(
            form,
            lambda: actions.update_finding(
                finding,
                version=form.cleaned_data["version"],
                changes=data,
                actor=signed_in_user(request),
            ),
        )
        if done is not None:
            messages.success(request, _("Finding saved."))
            return redirect("reviews:finding-detail", public_id=finding.public_id)
    context = {
        "finding": finding,
        "review": review,
        "form": form,
        "may_manage": may_manage(request.user, review),
        "point": queries.point_label(finding.processing_point),
        "measure": queries.measure_value(review.collaborative, finding.measure_key),
        "documents": finding.documents.all(),
        "annotations": finding.annotations.select_related("document"),
        "recommendations": finding.recommendations.for_list(),
    }
    return render(request, "reviews/finding_detail.html", context)


def _recommend(request: HttpRequest, review: Review, finding: Finding | None) -> HttpResponse:
    form = RecommendationForm(
        request.POST or None, agencies=_member_agencies(review.collaborative_id)
    )
    if request.method == "POST" and form.is_valid():
        recommendation = _attempt(
            form,
            lambda: actions.recommend(
                review, finding=finding, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if recommendation is not None:
            messages.success(request, _("Recommendation recorded."))
            return redirect("reviews:recommendation-detail", public_id=recommendation.public_id)
    intro = finding.problem if finding else ""
    return _form_page(request, review, form, title=_("Recommend"), intro=intro)


@requires(MANAGE)
def finding_recommend(request: HttpRequest, public_id: str) -> HttpResponse:
    finding = access_finding(request.user, public_id, manage=True)
    return _recommend(request, finding.review, finding)


@requires(MANAGE)
def review_recommend(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id, manage=True)
    return _recommend(request, review, None)


@requires(VIEW)
def review_report(request: HttpRequest, public_id: str) -> HttpResponse:
    """The report as PDF; a death review's is the anonymised one, and only once no real
    name or date of birth remains."""
    review = access_review(request.user, public_id)
    if review.is_death and actions.remaining_places(review):
        messages.error(request, _("The report still identifies people; see Publication."))
        return redirect("reviews:publication", public_id=review.public_id)
    pdf = render_report_pdf(review)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-{review.public_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------
# Death reviews
# ---------------------------------------------------------------------------


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
def family_log(request: HttpRequest, public_id: str) -> HttpResponse:
    review = _death(request, public_id, manage=True)
    form = FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.log_family_contact(
                review, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Family contact logged."))
            return _to(review)
    return _form_page(request, review, form, title=_("Log family involvement"))


@requires(VIEW)
def quality_add(request: HttpRequest, public_id: str) -> HttpResponse:
    review = access_review(request.user, public_id)
    form = QualityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.add_quality_note(
                review, actor=signed_in_user(request), **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Feedback added."))
            return _to(review)
    return _form_page(request, review, form, title=_("Quality-assurance feedback on the draft"))


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


# ---------------------------------------------------------------------------
# SART protocol reviews
# ---------------------------------------------------------------------------


@requires(VIEW)
def check_answer(request: HttpRequest, public_id: str) -> HttpResponse:
    item = access_part(request.user, ChecklistItem, public_id)
    review = item.review
    initial = {
        "contacted": item.contacted,
        "fulfilled": item.fulfilled,
        "went_well": item.went_well,
        "did_not": item.did_not,
    }
    form = CheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.answer_check(item, actor=signed_in_user(request), **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Answer saved."))
            return _to(review)
    intro = _("%(agency)s — %(role)s. No case details beyond what the review needs.") % {
        "agency": item.agency.name,
        "role": item.role_label,
    }
    return _form_page(request, review, form, title=_("Protocol checklist"), intro=intro)


@requires(VIEW)
def adherence(request: HttpRequest) -> HttpResponse:
    ids = require_reviews_role(request.user)
    periods, rows = queries.adherence(ids, Review.objects.of_member(request.user, ids))
    return render(request, "reviews/adherence.html", {"periods": periods, "rows": rows})


# ---------------------------------------------------------------------------
# The recommendations tracker
# ---------------------------------------------------------------------------


@requires(VIEW)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    require_reviews_role(request.user)
    params = request.GET
    filters = queries.TrackerFilters(
        owner_agency=params.get("owner_agency", "")[:40],
        status=params.get("status", "")
        if params.get("status") in RecommendationStatus.values
        else "",
        theme=params.get("theme", "")[:80],
        source_kind=params.get("source_kind", "")
        if params.get("source_kind") in SourceKind.values
        else "",
        overdue=params.get("overdue") == "1",
    )
    if filters.owner_agency:
        try:
            parse_public_id(filters.owner_agency)
        except Http404:
            filters = queries.TrackerFilters()
    today = timezone.localdate()
    recommendations = list(queries.tracker(request.user, filters, today))
    context = {
        "recommendations": recommendations,
        "filters": filters,
        "themes": queries.themes(request.user),
        "statuses": RecommendationStatus.choices,
        "sources": SourceKind.choices,
        "agencies": sorted({r.owner_agency for r in recommendations}, key=lambda a: a.name),
        "status_counts": queries.status_counts(recommendations),
        "today": today,
    }
    return render(request, "reviews/recommendation_list.html", context)


@requires(VIEW)
def recommendation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    recommendation = access_recommendation(request.user, public_id)
    manage = may_manage_recommendation(request.user, recommendation)
    initial = {
        "status": recommendation.status,
        "due_on": recommendation.due_on,
        "theme": recommendation.theme,
        "action_plan": recommendation.action_plan,
        "evidence": recommendation.evidence,
        "version": recommendation.version,
    }
    form = RecommendationEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            done = _attempt(
                form,
                lambda: actions.update_recommendation(
                    recommendation, version=version, changes=data, actor=signed_in_user(request)
                ),
            )
            if done is not None:
                messages.success(request, _("Recommendation saved."))
                return redirect("reviews:recommendation-detail", public_id=recommendation.public_id)
    context = {
        "recommendation": recommendation,
        "form": form,
        "may_manage": manage,
        "overdue": recommendation.is_overdue(timezone.localdate()),
    }
    return render(request, "reviews/recommendation_detail.html", context)
