"""Pages of /reviews/: the review workspaces, their parts and the recommendations tracker.

One module per part of the workspace; this package re-exports the views so `urls.py`
keeps naming them as `views.<name>`."""

from ccrhub.reviews.views.base import STALE
from ccrhub.reviews.views.death import (
    apply_pseudonyms,
    chronology,
    chronology_chase,
    chronology_request,
    chronology_returned,
    decision,
    person_add,
    publication,
)
from ccrhub.reviews.views.evidence import (
    annotation_finding,
    document_detail,
    document_download,
    document_upload,
    finding_create,
    finding_detail,
    finding_recommend,
    review_recommend,
    review_report,
)
from ccrhub.reviews.views.notes import family_log, quality_add
from ccrhub.reviews.views.recommendations import recommendation_detail, recommendation_list
from ccrhub.reviews.views.sart import adherence, check_answer
from ccrhub.reviews.views.workspace import (
    member_add,
    record_add,
    review_create,
    review_detail,
    review_edit,
    review_list,
)

__all__ = [
    "STALE",
    "adherence",
    "annotation_finding",
    "apply_pseudonyms",
    "check_answer",
    "chronology",
    "chronology_chase",
    "chronology_request",
    "chronology_returned",
    "decision",
    "document_detail",
    "document_download",
    "document_upload",
    "family_log",
    "finding_create",
    "finding_detail",
    "finding_recommend",
    "member_add",
    "person_add",
    "publication",
    "quality_add",
    "recommendation_detail",
    "recommendation_list",
    "record_add",
    "review_create",
    "review_detail",
    "review_edit",
    "review_list",
    "review_recommend",
    "review_report",
]
