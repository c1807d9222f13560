"""Risk assessments. Instruments are data files (`ccrhub.risk.instruments`); an
assessment stores which instrument, version, language and licence it used, the
answers item by item, and the outcome: score, band, and whether the referral
threshold is met. Professional judgement may raise the outcome, never lower it.
An assessment lives in the survivor compartment of the agency that made it.
"""

from django.conf import settings
from django.db import models

from ccrhub.lib.models import PublicIdModel
from ccrhub.partners.models import Agency
from ccrhub.risk import instruments
from ccrhub.survivors.models import Survivor


class Assessment(PublicIdModel):
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    language = models.CharField(max_length=10, default="en")
    licence_ref = models.CharField(max_length=200, blank=True)
    # {item_id: {"answer": "yes|no|dont_know|not_answered", "source": str, "comment": str}}
    answers = models.JSONField(default=dict)

    score = models.PositiveIntegerField()
    band = models.CharField(max_length=40, blank=True)
    meets_threshold = models.BooleanField()
    judgement_raised = models.BooleanField(default=False)
    judgement_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.instrument_version} on {self.assessed_on}"

    @property
    def instrument_title(self) -> str:
        """The instrument's name as people know it, not its id and version."""
        instrument = instruments.find(self.instrument_id, self.instrument_version)
        return instrument.title if instrument else f"{self.instrument_id} {self.instrument_version}"

    @property
    def band_label(self) -> str:
        instrument = instruments.find(self.instrument_id, self.instrument_version)
        return instrument.band_label(self.band) if instrument else self.band

    @property
    def referral_indicated(self) -> bool:
        """The outcome after professional judgement: it may lift, never lower."""
        return self.meets_threshold or self.judgement_raised


class ContentPack(models.Model):
    """Verbatim wording of one instrument version in one language, installed by an
    agency after obtaining permission (`manage.py install_content_pack DIR`)."""

    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    language = models.CharField(max_length=10, default="en")
    permission_ref = models.CharField(max_length=300)
    # {item_id: wording}
    wording = models.JSONField(default=dict)
    installed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "instrument_version", "language"],
                name="risk_content_pack_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.instrument_version} ({self.language})"
