"""The victim-service provider compartment: minimal survivor records.

A survivor record belongs to the agency that created it and to no one else. Every
identifying field is optional and encrypted at rest (S9); the record is tagged with
its origin agency and legal regime and is never matched or de-duplicated across
agencies. Who else may read it is decided by a release (US) or recorded basis (UK).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.lib.models import PublicIdModel, VersionedModel
from ccrhub.partners.models import Agency, Regime


class Survivor(PublicIdModel, VersionedModel):
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(max_length=20, choices=Regime.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Identifying fields: optional, encrypted, never searchable in the database.
    name = EncryptedTextField(blank=True, default="")
    date_of_birth = EncryptedTextField(blank=True, default="")
    address = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    safe_contact = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    # Address-confidentiality participants: outside the owning agency only the
    # substitute address is ever shown (S13).
    address_confidentiality = models.BooleanField(default=False)
    substitute_address = EncryptedTextField(blank=True, default="")
    # Set by "new incident"; cleared by the next assessment.
    reassessment_due = models.BooleanField(default=False)
    incident_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Survivor record {self.public_id}"


class Category(models.TextChoices):
    """What a release or recorded basis may cover. Notes never leave the compartment."""

    IDENTITY = "identity", _("Identity (name, date of birth)")
    CONTACT = "contact", _("Contact (phone, safe contact)")
    ADDRESS = "address", _("Address")
    RISK = "risk", _("Risk assessments")
    CHILDREN = "children", _("Children")


# Which survivor fields each category opens.
CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    Category.IDENTITY: ("name", "date_of_birth"),
    Category.CONTACT: ("phone", "safe_contact"),
    Category.ADDRESS: ("address",),
    Category.RISK: (),
    Category.CHILDREN: (),
}


class AccessBasis(models.TextChoices):
    """What a read of a survivor record rested on, as its access report names it (S20)."""

    OWN_AGENCY = "own_agency", _("Own agency")
    RELEASE = "release", _("Release of information")
    RECORDED_BASIS = "recorded_basis", _("Recorded basis")
    COORDINATOR = "coordinator", _("Coordinator of a team it was referred to")
    COMPELLED_DISCLOSURE = "compelled_disclosure", _("Compelled disclosure")
    RESTRICTED = "restricted", _("None: restricted against them")


class LawfulBasis(models.TextChoices):
    """UK GDPR article 6 bases."""

    CONSENT = "consent", _("Consent")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")


class SpecialCategoryCondition(models.TextChoices):
    """UK GDPR article 9 / DPA 2018 conditions for special-category data."""

    EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")
    SAFEGUARDING = "safeguarding", _("Safeguarding of children and individuals at risk")
    PREVENTING_CRIME = "preventing_crime", _("Preventing or detecting unlawful acts")
    LEGAL_CLAIMS = "legal_claims", _("Legal claims or judicial acts")


class WithoutConsentReason(models.TextChoices):
    """The fixed list of reasons to share without consent (UK)."""

    RISK_OF_SERIOUS_HARM = "risk_of_serious_harm", _("Risk of serious harm or homicide")
    CHILD_AT_RISK = "child_at_risk", _("A child is at risk")
    PREVENT_SERIOUS_CRIME = "prevent_serious_crime", _("To prevent or detect a serious crime")
    CONSENT_WOULD_INCREASE_RISK = (
        "consent_would_increase_risk",
        _("Seeking consent would increase the risk"),
    )
    CANNOT_BE_CONTACTED = "cannot_be_contacted", _("The survivor cannot be contacted safely")


class ReleaseQuerySet(models.QuerySet["Release"]):
    def valid(self, *, at: Any = None) -> "ReleaseQuerySet":
        """Unrevoked and unexpired at `at` (now)."""
        moment = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=moment)


class Release(PublicIdModel):
    """A release of information (US) or a recorded basis (UK) for one recipient agency.

    It names the categories it covers, the purpose, when it was signed and when it
    expires (always); revoking it cuts access on the next request.
    """

    class Kind(models.TextChoices):
        RELEASE = "release", _("Release of information")
        BASIS = "basis", _("Recorded basis")

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="releases")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(default=list)
    purpose = EncryptedTextField()
    signed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    told_not_condition_of_service = models.BooleanField(default=False)
    # UK: the recorded basis.
    consent = models.BooleanField(default=True)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, blank=True)
    special_category_condition = models.CharField(
        max_length=30, choices=SpecialCategoryCondition.choices, blank=True
    )
    without_consent_reason = models.CharField(
        max_length=40, choices=WithoutConsentReason.choices, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    def is_valid(self, *, at: Any = None) -> bool:
        moment = at or timezone.now()
        return self.revoked_at is None and self.expires_at > moment


class LegalInstrument(models.TextChoices):
    SUBPOENA = "subpoena", _("Subpoena")
    COURT_ORDER = "court_order", _("Court order")
    WARRANT = "warrant", _("Search warrant")
    STATUTE = "statute", _("Statutory duty")


# A subpoena is not a court order: it does not authorise disclosure by itself.
AUTHORISING_INSTRUMENTS = frozenset(
    {LegalInstrument.COURT_ORDER, LegalInstrument.WARRANT, LegalInstrument.STATUTE}
)


class CompelledDisclosure(PublicIdModel):
    class Status(models.TextChoices):
        REVIEW_REQUIRED = "review_required", _("Review required")
        AUTHORISED = "authorised", _("Authorised")
        REFUSED = "refused", _("Refused")

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="disclosures")
    instrument = models.CharField(max_length=20, choices=LegalInstrument.choices)
    instrument_reference = models.CharField(max_length=200)
    requesting_body = models.CharField(max_length=200)
    categories = models.JSONField(default=list)
    received_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.public_id}"


class NotificationTask(PublicIdModel):
    """Something the owning agency's advocate must do for the survivor (e.g. tell them
    of a compelled disclosure)."""

    class Kind(models.TextChoices):
        NOTIFY_DISCLOSURE = "notify_disclosure", _("Tell the survivor about a disclosure")

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="tasks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    disclosure = models.ForeignKey(
        CompelledDisclosure, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"
