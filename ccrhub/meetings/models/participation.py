"""Participation of survivor advisors and community partners (Reimagined CCR)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.lib.models import AuthoredModel, PublicIdModel
from ccrhub.meetings.models.meetings import Meeting
from ccrhub.partners.models import Collaborative


class ParticipantKind(models.TextChoices):
    SURVIVOR_ADVISOR = "survivor_advisor", "Survivor advisor"
    COMMUNITY_PARTNER = "community_partner", "Community partner"


class Participant(PublicIdModel, AuthoredModel):
    """A survivor advisor or community partner who agreed to take part and is paid for
    their time. The name is encrypted at rest and never enters the audit trail."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(max_length=32, choices=ParticipantKind.choices)
    name = EncryptedTextField()
    # The stipend per hour, in the collaborative's currency.
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="participant_rate_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ParticipationRecord(PublicIdModel, AuthoredModel):
    """Hours given at a meeting or another activity, and the stipend they earn. The amount
    is fixed when recorded (hours × the rate then); paying records who paid and when."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="records")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.CharField(max_length=200, blank=True)
    on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    rate = models.DecimalField(max_digits=8, decimal_places=2)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="participation_hours_positive")
        ]

    def __str__(self) -> str:
        return f"Participation on {self.on}"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    @property
    def audit_collaborative_id(self) -> int:
        return self.participant.collaborative_id
