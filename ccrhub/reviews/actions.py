"""Every change to reviews and recommendations; each audited in the transaction that
makes it. Audit details hold ids, kinds, codes and counts only: titles, notes,
chronology text, names and dates of birth never enter the trail."""

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.audit.log import record
from ccrhub.cases import stages
from ccrhub.lib import uploads
from ccrhub.lib.concurrency import StaleVersion
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative, Sector
from ccrhub.partners.queries import active_roles, can
from ccrhub.partners.roles import role_can
from ccrhub.protocols import queries as protocol_queries
from ccrhub.reviews import scrubber
from ccrhub.reviews.access import MANAGE, VIEW, may_manage, may_manage_recommendation
from ccrhub.reviews.models import (
    REVIEW_SOURCE,
    Annotation,
    ChecklistItem,
    ChronologyEntry,
    ChronologyRequest,
    DataRecord,
    Decision,
    Document,
    FamilyContact,
    Finding,
    Jurisdiction,
    Method,
    Person,
    QualityNote,
    Recommendation,
    RecommendationStatus,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewStatus,
    SourceKind,
    TeamRole,
)

__all__ = ["StaleVersion"]

DEFAULT_DECISION_DAYS = 30
DEFAULT_COMPLETION_DAYS = 183
# The SART core four (DOMAIN.md §1): sectors whose member agencies the checklist asks about.
SART_CORE_SECTORS = (
    Sector.ADVOCACY,
    Sector.LAW_ENFORCEMENT,
    Sector.HEALTH,
    Sector.FORENSIC_EXAM,
    Sector.PROSECUTION,
)


class PublicationRefused(Exception):
    """Real names or dates of birth remain; `places` says where."""

    def __init__(self, places: list[scrubber.Place]) -> None:
        super().__init__(f"{len(places)} places still identify a person")
        self.places = places


def decision_days() -> int:
    return int(getattr(settings, "CCRHUB_DEATH_REVIEW_DECISION_DAYS", DEFAULT_DECISION_DAYS))


def completion_days() -> int:
    return int(getattr(settings, "CCRHUB_DEATH_REVIEW_COMPLETION_DAYS", DEFAULT_COMPLETION_DAYS))


def us_requires_closed_proceedings() -> bool:
    return bool(getattr(settings, "CCRHUB_FATALITY_REVIEW_REQUIRES_CLOSED_CASE", True))


def normalise_theme(theme: str) -> str:
    return re.sub(r"\s+", " ", theme).strip().lower()[:80]


def _require_manage(actor: Any, review: Review) -> None:
    if not may_manage(actor, review):
        raise PermissionDenied


def _check_points(points: list[str]) -> list[str]:
    unknown = [p for p in points if not stages.is_stage(p)]
    if unknown:
        raise ValidationError({"scope_points": [_("Unknown processing point.")]})
    return points


def _check_point(point: str) -> str:
    if point and not stages.is_stage(point):
        raise ValidationError({"processing_point": [_("Unknown processing point.")]})
    return point


def _bump(obj: Any, version: int, fields: list[str]) -> None:
    """Save the fields if nobody changed the row since `version` was read."""
    values = {f: getattr(obj, f) for f in fields}
    if hasattr(obj, "updated_at"):
        obj.updated_at = values["updated_at"] = timezone.now()
    updated = (
        type(obj).objects.filter(pk=obj.pk, version=version).update(version=version + 1, **values)
    )
    if not updated:
        raise StaleVersion
    obj.version = version + 1


# ---------------------------------------------------------------------------
# Reviews and their teams
# ---------------------------------------------------------------------------


@transaction.atomic
def create_review(
    collaborative: Collaborative,
    *,
    actor: Any,
    kind: str,
    title: str,
    question: str = "",
    scope_points: list[str] | None = None,
    jurisdiction: str = "",
    notified_on: datetime.date | None = None,
    response_on: datetime.date | None = None,
) -> Review:
    """A new review; its creator joins as coordinator. A SART review gets its checklist,
    a death review its decision deadline."""
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    review = Review(
        collaborative=collaborative,
        kind=kind,
        title=title,
        question=question,
        scope_points=_check_points(list(scope_points or [])),
        created_by=actor,
    )
    if kind == ReviewKind.DEATH:
        review.jurisdiction = jurisdiction or (
            Jurisdiction.EW if settings.JURISDICTION == "uk" else Jurisdiction.US
        )
        review.notified_on = notified_on or timezone.localdate()
        review.decision_due_on = review.notified_on + datetime.timedelta(days=decision_days())
    if kind == ReviewKind.SART:
        review.response_on = response_on
        review.protocol_version = sart_protocol_version(collaborative)
    review.save()
    ReviewMember.objects.create(
        review=review, user=actor, role=TeamRole.COORDINATOR, agency=actor.agency
    )
    if kind == ReviewKind.SART:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(review=review, agency=agency, role_label=label)
            for agency, label in sart_core_members(collaborative)
        )
    record(actor=actor, action="reviews.created", target=review, details={"kind": kind})
    return review


def sart_core_members(collaborative: Collaborative) -> list[tuple[Agency, str]]:
    """The SART's active member agencies in the core sectors, with their sector as role."""
    memberships = (
        AgencyMembership.objects.filter(
            collaborative=collaborative,
            is_active=True,
            agency__sector__in=[s.value for s in SART_CORE_SECTORS],
        )
        .select_related("agency")
        .order_by("agency__sector", "agency__name")
    )
    return [(m.agency, str(Sector(m.agency.sector).label)) for m in memberships]


def sart_protocol_version(collaborative: Collaborative) -> str:
    """The SART's adopted protocol and version in force ("Title v3"); empty if none."""
    adopted = protocol_queries.protocols_for_list(
        [collaborative.pk], kind="protocol", status="adopted"
    )
    for protocol in adopted:
        if protocol.current_version is not None:
            return f"{protocol.title} v{protocol.current_version.number}"[:100]
    return ""


REVIEW_CHANGES = frozenset(
    {
        "title",
        "question",
        "scope_points",
        "status",
        "summary",
        "overview",
        "terms_of_reference",
        "response_on",
        "proceedings_closed",
        "notified_on",
    }
)


@transaction.atomic
def update_review(review: Review, *, actor: Any, version: int, changes: dict[str, Any]) -> Review:
    _require_manage(actor, review)
    unknown = set(changes) - REVIEW_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "scope_points" in changes:
        _check_points(list(changes["scope_points"]))
    if changes.get("status") == ReviewStatus.PUBLISHED:
        raise ValidationError({"status": [_("Publish through the publication step.")]})
    for name, value in changes.items():
        setattr(review, name, value)
    fields = [*changes]
    if "notified_on" in changes and review.is_death and review.notified_on:
        review.decision_due_on = review.notified_on + datetime.timedelta(days=decision_days())
        fields.append("decision_due_on")
    _bump(review, version, fields)
    record(
        actor=actor, action="reviews.updated", target=review, details={"fields": sorted(changes)}
    )
    return review


@transaction.atomic
def add_member(
    review: Review,
    *,
    actor: Any,
    user: Any,
    role: str,
    confidentiality_signed_on: datetime.date | None = None,
) -> ReviewMember:
    """Add someone who holds a role letting them see reviews in the collaborative."""
    _require_manage(actor, review)
    their_role = active_roles(user).get(review.collaborative_id)
    if their_role is None or not role_can(their_role, VIEW):
        raise ValidationError({"user": [_("This person cannot see reviews here.")]})
    if ReviewMember.objects.filter(review=review, user=user, is_active=True).exists():
        raise ValidationError({"user": [_("Already a member.")]})
    member = ReviewMember.objects.create(
        review=review,
        user=user,
        role=role,
        agency=user.agency,
        confidentiality_signed_on=confidentiality_signed_on,
    )
    record(actor=actor, action="reviews.member_added", target=review, details={"role": role})
    return member


@transaction.atomic
def remove_member(member: ReviewMember, *, actor: Any) -> None:
    review = member.review
    _require_manage(actor, review)
    coordinators = ReviewMember.objects.filter(
        review=review, is_active=True, role__in=[TeamRole.COORDINATOR, TeamRole.CHAIR]
    ).exclude(pk=member.pk)
    if member.role in (TeamRole.COORDINATOR, TeamRole.CHAIR) and not coordinators.exists():
        raise ValidationError(_("A review keeps at least one coordinator or chair."))
    member.is_active = False
    member.save(update_fields=["is_active"])
    record(actor=actor, action="reviews.member_removed", target=review)


@transaction.atomic
def record_confidentiality(member: ReviewMember, *, actor: Any, signed_on: datetime.date) -> None:
    _require_manage(actor, member.review)
    member.confidentiality_signed_on = signed_on
    member.save(update_fields=["confidentiality_signed_on"])
    record(actor=actor, action="reviews.confidentiality_signed", target=member.review)


# ---------------------------------------------------------------------------
# Data collection, documents, annotations, findings
# ---------------------------------------------------------------------------


@transaction.atomic
def add_record(
    review: Review,
    *,
    actor: Any,
    method: str,
    title: str,
    processing_point: str = "",
    planned_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    notes: str = "",
) -> DataRecord:
    data = DataRecord.objects.create(
        review=review,
        method=method,
        title=title,
        processing_point=_check_point(processing_point),
        planned_on=planned_on,
        done_on=done_on,
        notes=notes,
        created_by=actor,
    )
    record(actor=actor, action="reviews.record_added", target=review, details={"method": method})
    return data


def upload_document(
    review: Review,
    *,
    actor: Any,
    upload: Any,
    title: str,
    kind: str,
    agency: Agency | None = None,
) -> Document:
    """Check, clean and store an uploaded file (S24); the stored file is removed again
    if recording it fails."""
    cleaned = uploads.clean_upload(upload)
    stored = uploads.store(cleaned)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                review=review,
                title=title,
                kind=kind,
                agency=agency,
                original_name=uploads.safe_filename(getattr(upload, "name", ""), stored),
                stored_name=stored,
                content_type=cleaned.kind.content_type,
                size=cleaned.size,
                uploaded_by=actor,
            )
            record(
                actor=actor,
                action="reviews.document_uploaded",
                target=review,
                details={"document": str(document.public_id), "type": cleaned.kind.key},
            )
    except BaseException:
        uploads.delete_stored(stored)
        raise
    return document


@transaction.atomic
def annotate_document(
    document: Document,
    *,
    actor: Any,
    note: str,
    quote: str = "",
    location: str = "",
    processing_point: str = "",
) -> Annotation:
    annotation = Annotation.objects.create(
        document=document,
        note=note,
        quote=quote,
        location=location,
        processing_point=_check_point(processing_point),
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.annotated",
        target=document.review,
        details={"document": str(document.public_id)},
    )
    return annotation


def _check_measure(key: str) -> str:
    from ccrhub.cases.metrics import MEASURES

    if key and key not in {spec.name for spec in MEASURES}:
        raise ValidationError({"measure_key": [_("Unknown measure.")]})
    return key


@transaction.atomic
def record_finding(
    review: Review,
    *,
    actor: Any,
    problem: str,
    method: str,
    processing_point: str = "",
    how_produced: str = "",
    evidence: str = "",
    measure_key: str = "",
    documents: list[Document] | None = None,
    annotation: Annotation | None = None,
) -> Finding:
    if method not in Method.values:
        raise ValidationError({"method": [_("Choose an institutional method.")]})
    finding = Finding.objects.create(
        review=review,
        problem=problem,
        method=method,
        processing_point=_check_point(processing_point),
        how_produced=how_produced,
        evidence=evidence,
        measure_key=_check_measure(measure_key),
        created_by=actor,
    )
    linked = [d for d in documents or [] if d.review_id == review.pk]
    if annotation is not None:
        if annotation.document.review_id != review.pk:
            raise ValidationError(_("The annotation belongs to another review."))
        annotation.finding = finding
        annotation.save(update_fields=["finding"])
        linked.append(annotation.document)
    if linked:
        finding.documents.add(*linked)
    record(
        actor=actor,
        action="reviews.finding_recorded",
        target=review,
        details={
            "finding": str(finding.public_id),
            "method": method,
            "from_annotation": annotation is not None,
        },
    )
    return finding


FINDING_CHANGES = frozenset(
    {"problem", "method", "processing_point", "how_produced", "evidence", "measure_key"}
)


@transaction.atomic
def update_finding(
    finding: Finding, *, actor: Any, version: int, changes: dict[str, Any]
) -> Finding:
    unknown = set(changes) - FINDING_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "processing_point" in changes:
        _check_point(changes["processing_point"])
    if "measure_key" in changes:
        _check_measure(changes["measure_key"])
    if "method" in changes and changes["method"] not in Method.values:
        raise ValidationError({"method": [_("Choose an institutional method.")]})
    for name, value in changes.items():
        setattr(finding, name, value)
    _bump(finding, version, list(changes))
    record(
        actor=actor,
        action="reviews.finding_updated",
        target=finding.review,
        details={"finding": str(finding.public_id), "fields": sorted(changes)},
    )
    return finding


# ---------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------


def _check_owner(collaborative_id: int, owner: Agency) -> None:
    if not AgencyMembership.objects.filter(
        collaborative_id=collaborative_id, agency=owner, is_active=True
    ).exists():
        raise ValidationError({"owner_agency": [_("The owner is not a member agency.")]})


@transaction.atomic
def recommend(
    review: Review,
    *,
    actor: Any,
    owner_agency: Agency,
    text: str,
    kind: str,
    theme: str = "",
    due_on: datetime.date | None = None,
    finding: Finding | None = None,
) -> Recommendation:
    """A recommendation of a review (from one of its findings, or the review as a whole)."""
    _require_manage(actor, review)
    if finding is not None and finding.review_id != review.pk:
        raise ValidationError(_("The finding belongs to another review."))
    _check_owner(review.collaborative_id, owner_agency)
    recommendation = Recommendation.objects.create(
        collaborative_id=review.collaborative_id,
        source_kind=REVIEW_SOURCE[ReviewKind(review.kind)],
        review=review,
        finding=finding,
        owner_agency=owner_agency,
        kind=kind,
        text=text,
        theme=normalise_theme(theme),
        due_on=due_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.recommended",
        target=recommendation,
        details={"review": str(review.public_id), "kind": kind},
    )
    return recommendation


@transaction.atomic
def record_recommendation(
    source_kind: str,
    source_ref: str,
    owner_agency: Agency,
    text: str,
    theme: str,
    due: datetime.date | None,
    *,
    actor: Any,
    collaborative: Collaborative,
) -> Recommendation:
    """A recommendation from outside a review (e.g. a conference escalation), kept in
    the one tracker. `source_ref` names the source (its public id), never a person."""
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": [_("Unknown source.")]})
    if not can(actor, MANAGE, collaborative.pk):
        raise PermissionDenied
    _check_owner(collaborative.pk, owner_agency)
    recommendation = Recommendation.objects.create(
        collaborative=collaborative,
        source_kind=source_kind,
        source_ref=source_ref[:100],
        owner_agency=owner_agency,
        text=text,
        theme=normalise_theme(theme),
        due_on=due,
        created_by=actor,
    )
    record(
        actor=actor,
        action="reviews.recommended",
        target=recommendation,
        details={"source_kind": source_kind},
    )
    return recommendation


RECOMMENDATION_CHANGES = frozenset(
    {"text", "kind", "theme", "due_on", "status", "action_plan", "evidence", "owner_agency"}
)


@transaction.atomic
def update_recommendation(
    recommendation: Recommendation, *, actor: Any, version: int, changes: dict[str, Any]
) -> Recommendation:
    if not may_manage_recommendation(actor, recommendation):
        raise PermissionDenied
    unknown = set(changes) - RECOMMENDATION_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    if "owner_agency" in changes:
        _check_owner(recommendation.collaborative_id, changes["owner_agency"])
    if "theme" in changes:
        changes["theme"] = normalise_theme(changes["theme"])
    status = changes.get("status", recommendation.status)
    evidence = changes.get("evidence", recommendation.evidence)
    if status == RecommendationStatus.IMPLEMENTED and not evidence.strip():
        raise ValidationError({"evidence": [_("Say what shows it is implemented.")]})
    for name, value in changes.items():
        setattr(recommendation, name, value)
    fields = list(changes)
    if status == RecommendationStatus.IMPLEMENTED and recommendation.implemented_on is None:
        recommendation.implemented_on = timezone.localdate()
        fields.append("implemented_on")
    _bump(recommendation, version, fields)
    record(
        actor=actor,
        action="reviews.recommendation_updated",
        target=recommendation,
        details={"fields": sorted(changes), "status": status},
    )
    return recommendation


# ---------------------------------------------------------------------------
# Death reviews
# ---------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    review: Review, *, actor: Any, decision: str, decided_on: datetime.date
) -> Review:
    """Decide whether to review. A US fatality review waits for criminal proceedings to
    close (configurable)."""
    _require_manage(actor, review)
    if not review.is_death or decision not in (Decision.COMMISSIONED, Decision.DECLINED):
        raise ValidationError({"decision": [_("Choose a decision.")]})
    if (
        decision == Decision.COMMISSIONED
        and review.jurisdiction == Jurisdiction.US
        and us_requires_closed_proceedings()
        and not review.proceedings_closed
    ):
        raise ValidationError(
            {"decision": [_("A fatality review waits until criminal proceedings are closed.")]}
        )
    review.decision, review.decided_on = decision, decided_on
    fields = ["decision", "decided_on"]
    if decision == Decision.COMMISSIONED:
        review.completion_due_on = decided_on + datetime.timedelta(days=completion_days())
        fields.append("completion_due_on")
    else:
        review.status = ReviewStatus.CLOSED
        fields.append("status")
    _bump(review, review.version, fields)
    record(actor=actor, action="reviews.decided", target=review, details={"decision": decision})
    return review


def _require_death(review: Review) -> None:
    if not review.is_death:
        raise ValidationError(_("Only death reviews have this."))


@transaction.atomic
def add_person(
    review: Review,
    *,
    actor: Any,
    role: str,
    real_name: str,
    pseudonym: str,
    date_of_birth: datetime.date | None = None,
) -> Person:
    _require_manage(actor, review)
    _require_death(review)
    if Person.objects.filter(review=review, pseudonym=pseudonym).exists():
        raise ValidationError({"pseudonym": [_("Each person needs a different pseudonym.")]})
    person = Person.objects.create(
        review=review,
        role=role,
        real_name=real_name.strip(),
        pseudonym=pseudonym.strip(),
        date_of_birth=date_of_birth.isoformat() if date_of_birth else "",
    )
    record(actor=actor, action="reviews.person_added", target=review, details={"role": role})
    return person


@transaction.atomic
def request_chronology(
    review: Review, *, actor: Any, agency: Agency, due_on: datetime.date
) -> ChronologyRequest:
    _require_manage(actor, review)
    _require_death(review)
    _check_owner(review.collaborative_id, agency)
    if ChronologyRequest.objects.filter(review=review, agency=agency).exists():
        raise ValidationError({"agency": [_("This agency has been asked already.")]})
    request = ChronologyRequest.objects.create(
        review=review, agency=agency, requested_on=timezone.localdate(), due_on=due_on
    )
    record(
        actor=actor,
        action="reviews.chronology_requested",
        target=review,
        details={"agency": str(agency.public_id)},
    )
    return request


@transaction.atomic
def mark_chronology_returned(request: ChronologyRequest, *, actor: Any) -> None:
    _require_manage(actor, request.review)
    request.returned_on = timezone.localdate()
    request.save(update_fields=["returned_on"])
    record(
        actor=actor,
        action="reviews.chronology_returned",
        target=request.review,
        details={"agency": str(request.agency.public_id)},
    )


def _mailer(subject: str, body: str, recipients: list[str]) -> Any:
    def send() -> None:
        send_mail(subject, body, None, recipients)

    return send


@transaction.atomic
def chase_overdue_chronologies(
    review: Review, *, actor: Any, today: datetime.date | None = None
) -> int:
    """Chase every overdue return: count it, and e-mail the panel members of that agency
    (the message names the review by its title only)."""
    _require_manage(actor, review)
    today = today or timezone.localdate()
    overdue = list(
        ChronologyRequest.objects.filter(
            review=review, returned_on__isnull=True, due_on__lt=today
        ).select_related("agency")
    )
    members = ReviewMember.objects.filter(review=review, is_active=True).select_related("user")
    for request in overdue:
        request.chase_count += 1
        request.last_chased_on = today
        request.save(update_fields=["chase_count", "last_chased_on"])
        recipients = [m.user.email for m in members if m.user.agency_id == request.agency_id]
        if recipients:
            subject = _("Chronology overdue")
            body = _(
                "Your agency's chronology for the review “%(title)s” was due on "
                "%(due)s. Please return it through CCR Hub."
            ) % {"title": review.title, "due": request.due_on.isoformat()}
            transaction.on_commit(_mailer(subject, body, recipients))
    record(
        actor=actor,
        action="reviews.chronologies_chased",
        target=review,
        details={"count": len(overdue)},
    )
    return len(overdue)


@transaction.atomic
def record_chronology_entry(
    review: Review, *, actor: Any, agency: Agency, occurred_on: datetime.date, text: str
) -> ChronologyEntry:
    """An entry of an agency's chronology. Members record for their own agency; the
    coordinator for any member agency."""
    _require_death(review)
    if not may_manage(actor, review) and agency.pk != actor.agency_id:
        raise ValidationError({"agency": [_("You may record your own agency's entries only.")]})
    _check_owner(review.collaborative_id, agency)
    entry = ChronologyEntry.objects.create(
        review=review, agency=agency, occurred_on=occurred_on, text=text, created_by=actor
    )
    record(
        actor=actor,
        action="reviews.chronology_entry",
        target=review,
        details={"agency": str(agency.public_id)},
    )
    return entry


@transaction.atomic
def log_family_contact(
    review: Review, *, actor: Any, on: datetime.date, note: str
) -> FamilyContact:
    _require_manage(actor, review)
    _require_death(review)
    contact = FamilyContact.objects.create(review=review, on=on, note=note, created_by=actor)
    record(actor=actor, action="reviews.family_contact", target=review)
    return contact


@transaction.atomic
def add_quality_note(review: Review, *, actor: Any, text: str) -> QualityNote:
    note = QualityNote.objects.create(review=review, text=text, created_by=actor)
    record(actor=actor, action="reviews.quality_note", target=review)
    return note


@transaction.atomic
def resolve_quality_note(note: QualityNote, *, actor: Any) -> None:
    _require_manage(actor, note.review)
    note.resolved = True
    note.save(update_fields=["resolved"])
    record(actor=actor, action="reviews.quality_note_resolved", target=note.review)


def person_keys(review: Review) -> list[scrubber.PersonKey]:
    return [
        scrubber.PersonKey(
            pseudonym=p.pseudonym,
            real_name=p.real_name or "",
            date_of_birth=(
                datetime.date.fromisoformat(p.date_of_birth) if p.date_of_birth else None
            ),
        )
        for p in review.persons.all()
    ]


def draft_parts(review: Review) -> list[scrubber.Part]:
    """Every text part of what would be published."""
    parts = [
        scrubber.Part(_("Title"), review.title),
        scrubber.Part(_("Executive summary"), review.summary),
        scrubber.Part(_("Overview"), review.overview),
        scrubber.Part(_("Terms of reference"), review.terms_of_reference),
    ]
    for entry in review.entries.select_related("agency"):
        where = _("Chronology, %(date)s, %(agency)s") % {
            "date": entry.occurred_on.isoformat(),
            "agency": entry.agency.name,
        }
        parts.append(scrubber.Part(where, entry.text or ""))
    for number, finding in enumerate(review.findings.all(), start=1):
        parts.append(scrubber.Part(_("Finding %(n)s") % {"n": number}, finding.problem))
        text = f"{finding.how_produced}\n{finding.evidence}"
        parts.append(scrubber.Part(_("Finding %(n)s, detail") % {"n": number}, text))
    for number, recommendation in enumerate(review.recommendations.all(), start=1):
        where = _("Recommendation %(n)s") % {"n": number}
        parts.append(scrubber.Part(where, f"{recommendation.text}\n{recommendation.action_plan}"))
    return parts


def remaining_places(review: Review) -> list[scrubber.Place]:
    return scrubber.find_places(draft_parts(review), person_keys(review))


@transaction.atomic
def apply_pseudonyms(review: Review, *, actor: Any) -> int:
    """Replace real names (and dates of birth) in the draft by pseudonyms; returns how
    many parts changed."""
    _require_manage(actor, review)
    _require_death(review)
    persons = person_keys(review)
    changed = 0
    fields = []
    for name in ("title", "summary", "overview", "terms_of_reference"):
        new = scrubber.pseudonymise(getattr(review, name), persons)
        if new != getattr(review, name):
            setattr(review, name, new)
            fields.append(name)
    if fields:
        _bump(review, review.version, fields)
        changed += len(fields)
    for entry in review.entries.all():
        new = scrubber.pseudonymise(entry.text or "", persons)
        if new != entry.text:
            entry.text = new
            entry.save(update_fields=["text"])
            changed += 1
    for recommendation in review.recommendations.all():
        text = scrubber.pseudonymise(recommendation.text, persons)
        plan = scrubber.pseudonymise(recommendation.action_plan, persons)
        if (text, plan) != (recommendation.text, recommendation.action_plan):
            recommendation.text, recommendation.action_plan = text, plan
            recommendation.save(update_fields=["text", "action_plan"])
            changed += 1
    for finding in review.findings.all():
        values = {
            n: scrubber.pseudonymise(getattr(finding, n), persons)
            for n in ("problem", "how_produced", "evidence")
        }
        if any(values[n] != getattr(finding, n) for n in values):
            for n, v in values.items():
                setattr(finding, n, v)
            finding.save(update_fields=list(values))
            changed += 1
    record(
        actor=actor, action="reviews.pseudonyms_applied", target=review, details={"parts": changed}
    )
    return changed


def publish_review(review: Review, *, actor: Any) -> Review:
    """Publish the anonymised report; refused while a real name or date of birth of a
    person the review is about remains anywhere in it (the refusal is audited too)."""
    _require_manage(actor, review)
    places = remaining_places(review) if review.is_death else []
    if places:
        with transaction.atomic():
            record(
                actor=actor,
                action="reviews.publication_refused",
                target=review,
                outcome="denied",
                details={"places": len(places)},
            )
        raise PublicationRefused(places)
    with transaction.atomic():
        review.status = ReviewStatus.PUBLISHED
        review.published_at = timezone.now()
        _bump(review, review.version, ["status", "published_at"])
        record(actor=actor, action="reviews.published", target=review)
    return review


# ---------------------------------------------------------------------------
# SART protocol reviews
# ---------------------------------------------------------------------------


@transaction.atomic
def answer_check(
    item: ChecklistItem,
    *,
    actor: Any,
    contacted: str,
    fulfilled: str,
    went_well: str = "",
    did_not: str = "",
) -> ChecklistItem:
    item.contacted, item.fulfilled = contacted, fulfilled
    item.went_well, item.did_not = went_well, did_not
    item.save(update_fields=["contacted", "fulfilled", "went_well", "did_not"])
    record(
        actor=actor,
        action="reviews.check_answered",
        target=item.review,
        details={"agency": str(item.agency.public_id), "fulfilled": fulfilled},
    )
    return item
