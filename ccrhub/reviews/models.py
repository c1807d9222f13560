"""Reviews: safety & accountability audits, SART protocol-adherence reviews and death
reviews, with their findings and one tracker of recommendations.

A review belongs to a collaborative but is seen only by its own members (the team or
panel): everyone else gets the answer for what does not exist. Institutional methods
follow the Praxis safety & accountability audit (names unconfirmed, kept as data);
death-review steps follow England & Wales domestic abuse related death reviews and US
fatality reviews.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.partners.models import Agency, Collaborative


class ReviewKind(models.TextChoices):
    AUDIT = "audit", _("Safety & accountability audit")
    SART = "sart", _("SART protocol review")
    DEATH = "death", _("Death review")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DRAFTING = "drafting", _("Drafting the report")
    QUALITY = "quality", _("Quality assurance")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Jurisdiction(models.TextChoices):
    EW = "ew", _("England & Wales (domestic abuse related death review)")
    US = "us", _("United States (fatality review)")


class Decision(models.TextChoices):
    PENDING = "", _("Not decided")
    COMMISSIONED = "commissioned", _("Review commissioned")
    DECLINED = "declined", _("Not to be reviewed")


class TeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    AGENCY_MEMBER = "agency_member", _("Agency member")
    ADVOCATE = "advocate", _("Advocate")
    CONSULTANT = "consultant", _("Consultant")
    CHAIR = "chair", _("Independent chair")
    PANEL_MEMBER = "panel_member", _("Panel member")


class Method(models.TextChoices):
    """How the institution produces the problem (Praxis; names unconfirmed)."""

    MISSION = "mission", _("Mission, purpose and function")
    CONCEPTS = "concepts", _("Concepts and theories")
    RULES = "rules", _("Rules and regulations")
    ADMINISTRATIVE = "administrative", _("Administrative practices")
    RESOURCES = "resources", _("Resources")
    LINKAGES = "linkages", _("Linkages")
    ACCOUNTABILITY = "accountability", _("Accountability")
    EDUCATION = "education", _("Education and training")


class CollectionMethod(models.TextChoices):
    MAP = "map", _("Case-processing map")
    OBSERVATION = "observation", _("Observation")
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVIVOR_FOCUS_GROUP = "survivor_focus_group", _("Focus group with survivors")
    TEXT_ANALYSIS = "text_analysis", _("Text analysis")
    DEBRIEF = "debrief", _("Debrief")


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    FORM = "form", _("Form")
    REPORT = "report", _("Report or draft")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    AUDIT = "audit", _("Safety & accountability audit")
    DEATH_REVIEW = "death_review", _("Death review")
    SART_REVIEW = "sart_review", _("SART protocol review")
    CONFERENCE = "conference_escalation", _("Conference escalation")


REVIEW_SOURCE = {
    ReviewKind.AUDIT: SourceKind.AUDIT,
    ReviewKind.DEATH: SourceKind.DEATH_REVIEW,
    ReviewKind.SART: SourceKind.SART_REVIEW,
}


class RecommendationType(models.TextChoices):
    POLICY = "policy", _("Policy")
    FORM = "form", _("Form")
    TRAINING = "training", _("Training")
    LINKAGE = "linkage", _("Linkage")
    RESOURCE = "resource", _("Resource")
    ACCOUNTABILITY = "accountability", _("Accountability")


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (
    RecommendationStatus.PROPOSED,
    RecommendationStatus.ACCEPTED,
    RecommendationStatus.IN_PROGRESS,
)


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Person who died")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    CHILD = "child", _("Child")
    FAMILY = "family", _("Family member")
    OTHER = "other", _("Other")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


class ReviewQuerySet(models.QuerySet["Review"]):
    def of_member(self, user: Any, collaborative_ids: list[int]) -> "ReviewQuerySet":
        """Reviews the user is an active member of, in collaboratives where their role
        lets them see reviews."""
        members = ReviewMember.objects.filter(user=user, is_active=True).values("review_id")
        return self.filter(pk__in=members, collaborative_id__in=collaborative_ids)

    def for_list(self) -> "ReviewQuerySet":
        return self.select_related("collaborative").annotate(
            finding_count=models.Count("findings", distinct=True),
            recommendation_count=models.Count("recommendations", distinct=True),
        )


class Review(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    title = models.CharField(max_length=200)
    # Audit: the question; SART: what was reviewed; death review: the purpose.
    question = models.TextField(blank=True)
    # Processing points (stage codes of `ccrhub.cases.stages`) in scope.
    scope_points = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    # The report: executive summary and overview, drafted in the workspace.
    summary = models.TextField(blank=True)
    overview = models.TextField(blank=True)
    # SART protocol review: when the response happened and the protocol's version.
    response_on = models.DateField(null=True, blank=True)
    protocol_version = models.CharField(max_length=100, blank=True)
    # Death review.
    jurisdiction = models.CharField(max_length=2, choices=Jurisdiction.choices, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    completion_due_on = models.DateField(null=True, blank=True)
    proceedings_closed = models.BooleanField(default=False)
    terms_of_reference = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_audit(self) -> bool:
        return self.kind == ReviewKind.AUDIT

    @property
    def is_death(self) -> bool:
        return self.kind == ReviewKind.DEATH

    @property
    def is_sart(self) -> bool:
        return self.kind == ReviewKind.SART

    def decision_overdue(self, today: datetime.date) -> bool:
        return bool(
            self.is_death
            and not self.decision
            and self.decision_due_on is not None
            and self.decision_due_on < today
        )


class ReviewMember(models.Model):
    """The team or panel; for death reviews also the register of signed confidentiality
    agreements."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=TeamRole.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confidentiality_signed_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=Q(is_active=True),
                name="reviews_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class Document(models.Model):
    """An uploaded form, policy or draft; the bytes live under `CCRHUB_UPLOAD_ROOT`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class DataRecord(models.Model):
    """One piece of the data-collection plan and what it yielded."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="records")
    method = models.CharField(max_length=24, choices=CollectionMethod.choices)
    title = models.CharField(max_length=200)
    processing_point = models.CharField(max_length=40, blank=True)
    planned_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # Notes from interviews and focus groups can hold what people said: encrypted.
    notes = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_on", "created_at"]

    def __str__(self) -> str:
        return str(self.public_id)


class Finding(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    problem = models.CharField(max_length=300)
    processing_point = models.CharField(max_length=40, blank=True)
    method = models.CharField(max_length=16, choices=Method.choices)
    how_produced = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="findings")
    # A tracking measure of `ccrhub.cases.metrics` this finding is watched by.
    measure_key = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.problem


class Annotation(models.Model):
    """A note on a passage of an uploaded form or policy (text analysis)."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="annotations")
    location = models.CharField(max_length=100, blank=True)
    quote = models.TextField(blank=True)
    note = models.TextField()
    processing_point = models.CharField(max_length=40, blank=True)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.public_id)


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def for_list(self) -> "RecommendationQuerySet":
        return self.select_related("owner_agency", "review", "collaborative", "finding")

    def overdue(self, today: datetime.date) -> "RecommendationQuerySet":
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today)


class Recommendation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, related_name="recommendations"
    )
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices)
    # Where it came from outside reviews (e.g. a conference's public id); blank for reviews.
    source_ref = models.CharField(max_length=100, blank=True)
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=16, choices=RecommendationType.choices, default=RecommendationType.POLICY
    )
    text = models.TextField()
    # Normalised (lower case, single spaces) so recurring themes group together.
    theme = models.CharField(max_length=80, blank=True, db_index=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=RecommendationStatus.choices, default=RecommendationStatus.PROPOSED
    )
    # Action plan and evidence of implementation.
    action_plan = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_STATUSES and self.due_on is not None and self.due_on < today


class Person(models.Model):
    """Someone a death review is about: the real name and date of birth, encrypted, and
    the pseudonym used in everything published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(max_length=16, choices=PersonRole.choices)
    real_name = EncryptedTextField()
    date_of_birth = EncryptedTextField(blank=True)  # ISO date, or empty
    pseudonym = models.CharField(max_length=80)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "pseudonym"], name="reviews_one_pseudonym_per_review"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym


class ChronologyRequest(models.Model):
    # str() names no person: the public id only.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    chase_count = models.PositiveIntegerField(default=0)
    last_chased_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="reviews_one_request_each")
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.returned_on is None and self.due_on < today


class ChronologyEntry(models.Model):
    """One agency's entry; the merged chronology is all of them in date order."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    text = EncryptedTextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return str(self.public_id)


class NoteKind(models.TextChoices):
    FAMILY = "family", _("Family involvement")
    QUALITY = "quality", _("Quality-assurance feedback")


class ReviewNote(models.Model):
    """A line someone adds to a review: the family involvement log of a death review
    (`on` is the day of the contact) or quality-assurance feedback on a draft
    (`resolved` once acted on). Either may quote what a person said, or the draft before
    pseudonyms, so the text is encrypted."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=16, choices=NoteKind.choices)
    on = models.DateField(null=True, blank=True)
    text = EncryptedTextField()
    resolved = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at", "id"]
        indexes = [models.Index(fields=["review", "kind"], name="reviews_note_review_kind")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=NoteKind.FAMILY) | Q(on__isnull=False),
                name="reviews_family_note_dated",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class ChecklistItem(models.Model):
    """A SART protocol review's question about one core member agency."""

    # str() names no person: the public id only.

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="checklist")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role_label = models.CharField(max_length=120)
    contacted = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    fulfilled = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    went_well = models.TextField(blank=True)
    did_not = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="reviews_one_check_each")
        ]

    def __str__(self) -> str:
        return str(self.public_id)
