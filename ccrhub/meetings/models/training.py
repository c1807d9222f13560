"""Cross-training sessions and who attended them."""

from django.conf import settings
from django.db import models

from ccrhub.lib.models import AuthoredModel, PublicIdModel
from ccrhub.partners.models import Agency, Collaborative


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "TrainingSessionQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "TrainingSessionQuerySet":
        return self.select_related("collaborative", "agency").annotate(
            attendee_count=models.Count("attendance", distinct=True)
        )


class TrainingSession(PublicIdModel, AuthoredModel):
    """Cross-training: one member agency presents itself to the others — its services,
    hours, policies and contacts — so each knows what the others do (G.R.I.P.)."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="training_sessions"
    )
    # The agency presenting.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=60)
    location = models.CharField(max_length=300, blank=True)
    services = models.TextField(blank=True)
    hours = models.TextField(blank=True)
    policies = models.TextField(blank=True)
    contacts = models.TextField(blank=True)
    is_cancelled = models.BooleanField(default=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["collaborative", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(models.Model):
    """A representative attended a cross-training session, for their agency."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="training_attendance_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Attendance at {self.session}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.session.collaborative_id
