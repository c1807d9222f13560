"""Meetings and series, agendas, attendance, minutes, action items and calendar feeds."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from ccrhub.lib.models import AuthoredModel, PublicIdModel, VersionedModel
from ccrhub.meetings import recurrence
from ccrhub.partners.models import Agency, Collaborative


class MeetingSeries(PublicIdModel, AuthoredModel):
    """A recurring meeting: an RFC 5545 recurrence rule, kept as data.

    Occurrences are materialised as `Meeting` rows some months ahead, so each one can
    carry its own agenda, attendance and minutes.
    """

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="meeting_series"
    )
    title = models.CharField(max_length=200)
    # The RRULE value without "RRULE:", e.g. "FREQ=MONTHLY;BYDAY=+2TH".
    rrule = models.CharField(max_length=500)
    # The first occurrence, in the collaborative's local time (settings.TIME_ZONE), so a
    # 9 o'clock meeting stays at 9 across daylight-saving changes.
    first_starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=90)
    location = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.title

    @property
    def repeats_in_words(self) -> str:
        return recurrence.describe(self.rrule, self.first_starts_at)


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "MeetingQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "MeetingQuerySet":
        return self.select_related("collaborative", "series").annotate(
            agenda_count=models.Count("agenda_items", distinct=True)
        )


class Meeting(PublicIdModel, AuthoredModel, VersionedModel):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=90)
    location = models.CharField(max_length=300, blank=True)
    is_cancelled = models.BooleanField(default=False)
    # Restricted minutes are read only by the agencies that attended (and coordinators).
    minutes_restricted = models.BooleanField(default=False)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(
        max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic concurrency: every change sends back the version it read.
    # Each change to the agenda or attendance moves this on, so the .ics SEQUENCE does too.
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "starts_at"],
                condition=Q(series__isnull=False),
                name="meeting_one_occurrence_per_start",
            )
        ]
        indexes = [models.Index(fields=["collaborative", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED


class AgendaItem(PublicIdModel):
    """One item of a meeting's agenda: who leads it and how many minutes it gets."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.PositiveIntegerField(default=10)
    # Questions to put to the room (a facilitation template's), one per line.
    prompts = models.JSONField(default=list, blank=True)
    # The facilitation template the item came from, if any.
    template_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    OBSERVER = "observer", "Observer"


class Attendance(models.Model):
    """Who came, on behalf of which agency, and whether they signed the confidentiality
    statement. Only agencies with someone present count as having attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)
    confidentiality_signed = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "agency__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.meeting}"

    @property
    def represents_agency(self) -> bool:
        """Present on the agency's behalf (`ccrhub.lib.sittings`): not an observer, no apologies."""
        return self.status == AttendanceStatus.PRESENT


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible — circumstances changed"
    NOT_DONE = "not_done", "Not done"


CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.NOT_POSSIBLE, ActionStatus.NOT_DONE})


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "ActionItemQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def open(self) -> "ActionItemQuerySet":
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: Any) -> "ActionItemQuerySet":
        return self.open().filter(due_on__lt=today)

    def for_list(self) -> "ActionItemQuerySet":
        return self.select_related("collaborative", "meeting", "owner_agency", "owner")


class ActionItem(PublicIdModel, AuthoredModel, VersionedModel):
    """Something an agency agreed to do, with a due date and a status."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="action_items"
    )
    # Where it was agreed: a meeting (reviews and conferences arrive with their areas).
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    # The agenda discussion it came out of, if any.
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default="open")
    status_note = models.CharField(max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The reminders sent, so a daily run sends each at most once (overdue: once a week).
    reminded_due_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["collaborative", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


class ActionItemComment(models.Model):
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.action_item}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.action_item.collaborative_id


class CalendarFeed(PublicIdModel):
    """A person's secret iCalendar address.

    The token in the URL is an HMAC (CCRHUB_HMAC_KEY) of the feed's id and a random
    salt; the database keeps only the salt and the SHA-256 of the token, so a copy of
    the database alone does not give anyone's calendar. Revoking sets `revoked_at`;
    a revoked token answers 404 like one that never existed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    salt = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_live"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
