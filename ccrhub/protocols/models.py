"""Protocols and agreements of a collaborative, their versions and adoptions, and the
roles & responsibilities matrix.

A protocol (or policy, procedure, MOU, information-sharing agreement) is written as a
series of numbered versions. The latest version is the working one while it is a draft
or in review; adopting it puts it in force (the version in force before it becomes
superseded). Each member agency signs the version in force: one adoption per agency
per version, with who signed, when, and the name and title printed on the PDF.

The roles & responsibilities matrix says which member agency carries which
responsibility (agency × responsibility); a starting template comes from the "roles in
brief" of the CCR training material (see `data/README.md`).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.models import AuthoredModel, PublicIdModel, VersionedModel
from ccrhub.partners.models import Agency, Collaborative, Sector


class Kind(models.TextChoices):
    POLICY = "policy", _("Policy")
    PROCEDURE = "procedure", _("Procedure")
    PROTOCOL = "protocol", _("Protocol")
    MOU = "mou", _("Memorandum of understanding")
    INFORMATION_SHARING = "information_sharing_agreement", _("Information-sharing agreement")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ADOPTED = "adopted", _("Adopted")
    RETIRED = "retired", _("Retired")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ADOPTED = "adopted", _("Adopted (in force)")
    SUPERSEDED = "superseded", _("Superseded")


class ProtocolQuerySet(models.QuerySet["Protocol"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "ProtocolQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "ProtocolQuerySet":
        return self.select_related("collaborative", "current_version")


class Protocol(PublicIdModel, AuthoredModel, VersionedModel):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="protocols"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_due_on = models.DateField(null=True, blank=True)
    # Codes of the stage model (`ccrhub.cases.stages`) this protocol governs.
    governed_stages = models.JSONField(default=list, blank=True)
    # The adopted version in force, if any.
    current_version = models.ForeignKey(
        "ProtocolVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic concurrency: every edit names the version it read (S29).
    # The day the coordinators were last reminded of the review (one reminder a day).
    review_reminded_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def review_is_due(self, today: Any, within_days: int = 30) -> bool:
        if self.review_due_on is None or self.status == Status.RETIRED:
            return False
        return (self.review_due_on - today).days <= within_days


class ProtocolVersion(PublicIdModel, AuthoredModel):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    change_summary = models.CharField(max_length=500, blank=True)
    # Sectors (`partners.Sector`) whose staff must be re-trained when this version is adopted.
    retraining_roles = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    # The meetings decision that adopted it, when one did (an id, not a key: the link
    # lives on the decision).
    adopted_by_decision_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["protocol_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"], name="protocols_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} v{self.number}"

    @property
    def collaborative_id(self) -> int:
        """The collaborative the version belongs to (decisions check they adopt their own)."""
        return self.protocol.collaborative_id

    @property
    def audit_collaborative_id(self) -> int:
        return self.protocol.collaborative_id

    def retraining_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.retraining_roles]


class Adoption(PublicIdModel):
    """A member agency's signature on a version."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="adoptions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField()
    # As printed on the PDF: the person who signs for the agency and their title.
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "agency"], name="protocols_one_adoption_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.version}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.version.protocol.collaborative_id


class Responsibility(PublicIdModel):
    """A row of the roles & responsibilities matrix; its agencies are the columns ticked."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="responsibilities"
    )
    # The heading it sits under, e.g. "Law enforcement".
    area = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    # The template line it came from ("" for one added by hand): loading twice adds nothing.
    template_key = models.CharField(max_length=64, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "template_key"],
                condition=~Q(template_key=""),
                name="protocols_responsibility_template_once",
            ),
        ]

    def __str__(self) -> str:
        return self.text
