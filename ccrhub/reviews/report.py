"""The review report as PDF (WeasyPrint), with its executive summary.

Rendered through `lib.pdf`, whose fetcher loads nothing but the project's own static
files, so text in a review can never make the server reach out. A death review's report
is anonymised: pseudonyms replace real names and dates of birth throughout.
"""

from typing import Any

from django.utils import timezone

from ccrhub.lib.pdf import render_pdf
from ccrhub.reviews import actions, queries, scrubber
from ccrhub.reviews.models import Review


def report_context(review: Review) -> dict[str, Any]:
    persons = actions.person_keys(review) if review.is_death else []

    def clean(text: str) -> str:
        return scrubber.pseudonymise(text or "", persons) if persons else (text or "")

    findings = [
        {
            "problem": clean(f.problem),
            "method": f.get_method_display(),
            "point": queries.point_label(f.processing_point),
            "how_produced": clean(f.how_produced),
            "evidence": clean(f.evidence),
        }
        for f in queries.findings_of(review)
    ]
    recommendations = [
        {
            "text": clean(r.text),
            "owner": r.owner_agency.name,
            "kind": r.get_kind_display(),
            "status": r.get_status_display(),
            "due_on": r.due_on,
            "action_plan": clean(r.action_plan),
        }
        for r in review.recommendations.for_list()
    ]
    chronology = (
        [
            {"on": e.occurred_on, "agency": e.agency.name, "text": clean(e.text or "")}
            for e in queries.merged_chronology(review)
        ]
        if review.is_death
        else []
    )
    return {
        "review": review,
        "title": clean(review.title),
        "summary": clean(review.summary),
        "overview": clean(review.overview),
        "question": clean(review.question),
        "terms_of_reference": clean(review.terms_of_reference),
        "points": [queries.point_label(p) for p in review.scope_points],
        "findings": findings,
        "recommendations": recommendations,
        "chronology": chronology,
        "checklist": review.checklist.select_related("agency") if review.is_sart else [],
        "generated_on": timezone.localdate(),
    }


def render_report_pdf(review: Review) -> bytes:
    return render_pdf("reviews/report_pdf.html", report_context(review))
