"""/reviews/: audits, sart protocol reviews, death reviews and recommendations.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import path

from ccrhub.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="review-list"),
    path("new/", views.review_create, name="review-create"),
    path("recommendations/", views.recommendation_list, name="recommendation-list"),
    path(
        "recommendations/<str:public_id>/",
        views.recommendation_detail,
        name="recommendation-detail",
    ),
    path("adherence/", views.adherence, name="sart-adherence"),
    path("documents/<str:public_id>/", views.document_detail, name="document-detail"),
    path("documents/<str:public_id>/download/", views.document_download, name="document-download"),
    path(
        "annotations/<str:public_id>/finding/",
        views.annotation_finding,
        name="annotation-finding",
    ),
    path("findings/<str:public_id>/", views.finding_detail, name="finding-detail"),
    path("findings/<str:public_id>/recommend/", views.finding_recommend, name="finding-recommend"),
    path("checks/<str:public_id>/", views.check_answer, name="check-answer"),
    path(
        "chronology-requests/<str:public_id>/returned/",
        views.chronology_returned,
        name="chronology-returned",
    ),
    path("<str:public_id>/", views.review_detail, name="review-detail"),
    path("<str:public_id>/edit/", views.review_edit, name="review-edit"),
    path("<str:public_id>/members/", views.member_add, name="member-add"),
    path("<str:public_id>/records/", views.record_add, name="record-add"),
    path("<str:public_id>/documents/", views.document_upload, name="document-upload"),
    path("<str:public_id>/findings/", views.finding_create, name="finding-create"),
    path("<str:public_id>/recommend/", views.review_recommend, name="review-recommend"),
    path("<str:public_id>/report.pdf", views.review_report, name="review-report"),
    path("<str:public_id>/chronology/", views.chronology, name="chronology"),
    path(
        "<str:public_id>/chronology/request/", views.chronology_request, name="chronology-request"
    ),
    path("<str:public_id>/chronology/chase/", views.chronology_chase, name="chronology-chase"),
    path("<str:public_id>/persons/", views.person_add, name="person-add"),
    path("<str:public_id>/decision/", views.decision, name="decision"),
    path("<str:public_id>/family/", views.family_log, name="family-log"),
    path("<str:public_id>/quality/", views.quality_add, name="quality-add"),
    path("<str:public_id>/pseudonyms/", views.apply_pseudonyms, name="apply-pseudonyms"),
    path("<str:public_id>/publication/", views.publication, name="publication"),
]
