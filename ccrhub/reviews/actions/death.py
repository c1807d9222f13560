"""Death reviews: decision, people, chronologies, pseudonyms and publication."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.lib import outbox
from ccrhub.partners.models import Agency
from ccrhub.reviews import scrubber
from ccrhub.reviews.access import may_manage
from ccrhub.reviews.actions.base import _bump, _require_manage
from ccrhub.reviews.actions.recommendations import _check_owner
from ccrhub.reviews.models import (
    ChronologyEntry,
    ChronologyRequest,
    Decision,
    Jurisdiction,
    Person,
    Review,
    ReviewMember,
    ReviewStatus,
)


class PublicationRefused(Exception):
    """Real names or dates of birth remain; `places` says where."""

    def __init__(self, places: list[scrubber.Place]) -> None:
        super().__init__(f"{len(places)} places still identify a person")
        self.places = places


def decision_days() -> int:
    return settings.CCRHUB_DEATH_REVIEW_DECISION_DAYS


def completion_days() -> int:
    return settings.CCRHUB_DEATH_REVIEW_COMPLETION_DAYS


def us_requires_closed_proceedings() -> bool:
    return settings.CCRHUB_FATALITY_REVIEW_REQUIRES_CLOSED_CASE


@transaction.atomic
def record_decision(
    review: Review, *, actor: User, decision: str, decided_on: datetime.date
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
    actor: User,
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
    review: Review, *, actor: User, agency: Agency, due_on: datetime.date
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
def mark_chronology_returned(request: ChronologyRequest, *, actor: User) -> None:
    _require_manage(actor, request.review)
    request.returned_on = timezone.localdate()
    request.save(update_fields=["returned_on"])
    record(
        actor=actor,
        action="reviews.chronology_returned",
        target=request.review,
        details={"agency": str(request.agency.public_id)},
    )


@transaction.atomic
def chase_overdue_chronologies(
    review: Review, *, actor: User, today: datetime.date | None = None
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
            ) % {"title": review.title, "due": date_format(request.due_on, "DATE_FORMAT")}
            outbox.send(subject, body, recipients)
    record(
        actor=actor,
        action="reviews.chronologies_chased",
        target=review,
        details={"count": len(overdue)},
    )
    return len(overdue)


@transaction.atomic
def record_chronology_entry(
    review: Review, *, actor: User, agency: Agency, occurred_on: datetime.date, text: str
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
def apply_pseudonyms(review: Review, *, actor: User) -> int:
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


def publish_review(review: Review, *, actor: User) -> Review:
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
