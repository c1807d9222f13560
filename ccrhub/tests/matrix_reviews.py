"""Permission-matrix rows and targets of reviews and recommendations.

A review is seen only by its members. The CCR audit's team is the coordinator (its
coordinator, who manages it), the police officer and the advocate; every other persona
gets 404 on it, its documents, annotations, findings and recommendations — the
prosecutor and the community member too, although their role lets them see reviews.
Members contribute (records, documents, annotations, findings); managing (team,
recommendations, publication) is for the coordinator, 403 for other members.
The death review's panel is the coordinator and the agency admin; the SART review's
team the coordinator and the police officer. The analyst has no review permission
(403 on the lists); the outsider coordinates elsewhere and sees empty lists.
"""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ccrhub.tests.permission_matrix_base import (
    OK,
    SIGNED_IN,
    Capability,
    Declaration,
    Row,
    each,
    either_door,
)

WITH_ROLE = tuple(p for p in SIGNED_IN if p != "analyst")
MANAGERS = ("coordinator", "outsider")
TEAM = ("coordinator", "police_officer", "advocate")
PANEL = ("coordinator", "agency_admin")
SART_TEAM = ("coordinator", "police_officer")


def _manage(team: tuple[str, ...], answer: int | str) -> dict[str, int | str]:
    return {**each(team, 403), "coordinator": answer}


ROWS: list[Declaration] = [
    Capability(
        "list reviews",
        each(WITH_ROLE, OK),
        otherwise=403,
        page="GET reviews:review-list",
        api="GET api-review-list",
    ),
    Capability(
        "start a review",
        each(MANAGERS, OK),
        otherwise=403,
        page=("GET reviews:review-create", "POST reviews:review-create"),
        api="POST api-review-list",
    ),
    Capability(
        "list recommendations",
        each(WITH_ROLE, OK),
        otherwise=403,
        page="GET reviews:recommendation-list",
        api="GET api-recommendation-list",
    ),
    Capability(
        "make a recommendation",
        each(MANAGERS, OK),
        otherwise=403,
        api="POST api-recommendation-list",
        one_door="the pages recommend from a review or a finding, named in their URL",
    ),
    Row("reviews:sart-adherence", "-", "GET", each(WITH_ROLE, 200), 403),
    Capability(
        "read a review and its findings",
        each(TEAM, OK),
        target="review",
        page="GET reviews:review-detail",
        api=("GET api-review-detail", "GET api-review-findings"),
    ),
    Capability(
        "change a review",
        _manage(TEAM, OK),
        target="review",
        page=("GET reviews:review-edit", "POST reviews:review-edit"),
        api="PATCH api-review-detail",
    ),
    Row("reviews:member-add", "review", "GET", _manage(TEAM, 200)),
    Row("reviews:member-add", "review", "POST", _manage(TEAM, OK)),
    Row("reviews:record-add", "review", "GET", each(TEAM, 200)),
    Row("reviews:record-add", "review", "POST", each(TEAM, OK)),
    Row("reviews:document-upload", "review", "GET", each(TEAM, 200)),
    Row("reviews:document-upload", "review", "POST", each(TEAM, OK)),
    Row("reviews:document-detail", "document", "GET", each(TEAM, 200)),
    Row("reviews:document-detail", "document", "POST", each(TEAM, OK)),
    Row("reviews:document-download", "document", "GET", each(TEAM, 200)),
    Row("reviews:annotation-finding", "annotation", "GET", each(TEAM, 200)),
    Row("reviews:annotation-finding", "annotation", "POST", each(TEAM, OK)),
    Capability(
        "record a finding",
        each(TEAM, OK),
        target="review",
        page=("GET reviews:finding-create", "POST reviews:finding-create"),
        api="POST api-review-findings",
    ),
    Row("reviews:finding-detail", "finding", "GET", each(TEAM, 200)),
    Row("reviews:finding-detail", "finding", "POST", each(TEAM, OK)),
    Row("reviews:finding-recommend", "finding", "GET", _manage(TEAM, 200)),
    Row("reviews:finding-recommend", "finding", "POST", _manage(TEAM, OK)),
    Row("reviews:review-recommend", "review", "GET", _manage(TEAM, 200)),
    Row("reviews:review-report", "review", "GET", each(TEAM, 200)),
    Row("reviews:quality-add", "review", "GET", each(TEAM, 200)),
    Row("reviews:quality-add", "review", "POST", each(TEAM, OK)),
    Row("reviews:publication", "review", "GET", each(TEAM, 200)),
    Row("reviews:publication", "review", "POST", _manage(TEAM, OK)),
    Capability(
        "read a recommendation",
        each(TEAM, OK),
        target="recommendation",
        page="GET reviews:recommendation-detail",
        api="GET api-recommendation-detail",
    ),
    Capability(
        "follow a recommendation up",
        _manage(TEAM, OK),
        target="recommendation",
        page="POST reviews:recommendation-detail",
        api="PATCH api-recommendation-detail",
    ),
    # A conference escalation's recommendation: whoever manages reviews there.
    Capability(
        "read a recommendation",
        {"coordinator": OK},
        target="escalation",
        page="GET reviews:recommendation-detail",
        api="GET api-recommendation-detail",
    ),
    # The death review's panel.
    Capability(
        "read a review and its findings",
        each(PANEL, OK),
        target="death",
        page="GET reviews:review-detail",
        api=("GET api-review-detail", "GET api-review-findings"),
    ),
    Row("reviews:chronology", "death", "GET", each(PANEL, 200)),
    Row("reviews:chronology", "death", "POST", each(PANEL, OK)),
    Row("reviews:chronology", "review", "GET", {}),  # not a death review
    Row("reviews:chronology-request", "death", "GET", _manage(PANEL, 200)),
    Row("reviews:chronology-chase", "death", "POST", _manage(PANEL, OK)),
    Row("reviews:chronology-returned", "chronology_request", "POST", _manage(PANEL, OK)),
    Row("reviews:person-add", "death", "GET", _manage(PANEL, 200)),
    Row("reviews:person-add", "death", "POST", _manage(PANEL, OK)),
    Row("reviews:decision", "death", "GET", _manage(PANEL, 200)),
    Row("reviews:family-log", "death", "GET", _manage(PANEL, 200)),
    Row("reviews:apply-pseudonyms", "death", "POST", _manage(PANEL, OK)),
    Row("reviews:publication", "death", "POST", _manage(PANEL, OK)),
    # The SART review's checklist.
    Row("reviews:check-answer", "check", "GET", each(SART_TEAM, 200)),
    Row("reviews:check-answer", "check", "POST", each(SART_TEAM, OK)),
]
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.reviews import actions

    coordinator = personas.coordinator
    audit = actions.create_review(personas.ccr, kind="audit", title="Audit", actor=coordinator)
    actions.add_member(audit, user=personas.police_officer, role="agency_member", actor=coordinator)
    actions.add_member(audit, user=personas.advocate, role="advocate", actor=coordinator)
    document = actions.upload_document(
        audit,
        upload=SimpleUploadedFile("policy.txt", b"4.1 Officers may arrest.\n"),
        title="Policy",
        kind="policy",
        actor=coordinator,
    )
    annotation = actions.annotate_document(document, note="Discretion", actor=coordinator)
    finding = actions.record_finding(
        audit, problem="Discretion unguided", method="rules", actor=coordinator
    )
    recommendation = actions.recommend(
        audit,
        finding=finding,
        owner_agency=personas.police,
        kind="policy",
        text="Write a policy",
        actor=coordinator,
    )
    escalation = actions.record_recommendation(
        "conference_escalation",
        "conf-1",
        personas.police,
        "Housing linkage",
        "housing",
        None,
        actor=coordinator,
        collaborative=personas.ccr,
    )
    death = actions.create_review(
        personas.death_review,
        kind="death",
        title="Death review",
        jurisdiction="ew",
        actor=coordinator,
    )
    actions.add_member(death, user=personas.agency_admin, role="panel_member", actor=coordinator)
    request = actions.request_chronology(
        death, agency=personas.police, due_on=datetime.date(2026, 1, 1), actor=coordinator
    )
    sart = actions.create_review(personas.sart, kind="sart", title="SART review", actor=coordinator)
    actions.add_member(sart, user=personas.police_officer, role="agency_member", actor=coordinator)
    check = sart.checklist.first()
    assert check is not None
    return {
        "review": either_door(audit.public_id),
        "document": ({"public_id": document.public_id}, {}),
        "annotation": ({"public_id": annotation.public_id}, {}),
        "finding": ({"public_id": finding.public_id}, {}),
        "recommendation": either_door(recommendation.public_id),
        "escalation": either_door(escalation.public_id),
        "death": either_door(death.public_id),
        "chronology_request": ({"public_id": request.public_id}, {}),
        "check": ({"public_id": check.public_id}, {}),
    }
