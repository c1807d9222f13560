"""Documents, annotations, findings, the recommendations made from them, and the report."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib import uploads
from ccrhub.lib.policy import requires
from ccrhub.reviews import actions, queries
from ccrhub.reviews.access import (
    MANAGE,
    VIEW,
    access_annotation,
    access_document,
    access_finding,
    access_review,
    may_manage,
)
from ccrhub.reviews.forms import (
    AnnotationForm,
    DocumentForm,
    FindingEditForm,
    FindingForm,
    RecommendationForm,
)
from ccrhub.reviews.models import (
    Finding,
    Review,
)
from ccrhub.reviews.report import render_report_pdf
from ccrhub.reviews.views.base import _attempt, _form_page, _member_agencies


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
