"""Meetings of a collaborative, their agendas, attendance and minutes; action items;
the personal calendar feed.

A CCR meeting discusses how systems respond, never individual survivors (CCR is not
case management): nothing here holds survivor data. Minutes may still be sensitive,
so a meeting can restrict them to the agencies that attended.
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.partners.models import Agency, Collaborative


class MeetingSeries(models.Model):
    """A recurring meeting: an RFC 5545 recurrence rule, kept as data.

    Occurrences are materialised as `Meeting` rows some months ahead, so each one can
    carry its own agenda, attendance and minutes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.title


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


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    version = models.PositiveIntegerField(default=1)
    # Each change to the agenda or attendance moves this on, so the .ics SEQUENCE does too.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
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


class AgendaItem(models.Model):
    """One item of a meeting's agenda: who leads it and how many minutes it gets."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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


class ActionItem(models.Model):
    """Something an agency agreed to do, with a due date and a status."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    version = models.PositiveIntegerField(default=1)
    # The reminders sent, so a daily run sends each at most once (overdue: once a week).
    reminded_due_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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


class CalendarFeed(models.Model):
    """A person's secret iCalendar address.

    The token in the URL is an HMAC (CCRHUB_HMAC_KEY) of the feed's id and a random
    salt; the database keeps only the salt and the SHA-256 of the token, so a copy of
    the database alone does not give anyone's calendar. Revoking sets `revoked_at`;
    a revoked token answers 404 like one that never existed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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


# ---------------------------------------------------------------------------
# Decisions and votes
# ---------------------------------------------------------------------------


class VotingUnit(models.TextChoices):
    # One ballot per member agency, cast by any one of its representatives.
    AGENCY = "agency", "One vote per agency"
    PERSON = "person", "One vote per person"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for votes"
    CLOSED = "closed", "Closed"


class VoteChoice(models.TextChoices):
    AGREE = "agree", "Agree"
    ABSTAIN = "abstain", "Abstain"
    DISAGREE = "disagree", "Disagree"
    BLOCK = "block", "Block"


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    DEFERRED = "deferred", "Deferred"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "DecisionQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "DecisionQuerySet":
        return self.select_related("collaborative", "meeting").annotate(
            ballot_count=models.Count("ballots", distinct=True)
        )


class Decision(models.Model):
    """A proposal put to the members of a collaborative, perhaps at a meeting.

    Results stay hidden from everyone, the coordinator included, until it closes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    voting_unit = models.CharField(
        max_length=16, choices=VotingUnit.choices, default=VotingUnit.AGENCY
    )
    # Anonymous: ballots say who has voted, never what; the choice lives only in tallies.
    anonymous = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    # What the decision adopted, in free text (e.g. a document kept elsewhere)...
    adopted_reference = models.CharField(max_length=300, blank=True)
    # ...and as a link to the object it adopted (a mission version, a protocol version).
    adopted_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_id = models.PositiveBigIntegerField(null=True, blank=True)
    adopted = GenericForeignKey("adopted_type", "adopted_id")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collaborative", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == DecisionStatus.CLOSED

    @property
    def per_agency(self) -> bool:
        return self.voting_unit == VotingUnit.AGENCY


class Ballot(models.Model):
    """That someone has voted (and for per-agency decisions, for which agency).

    The constraints make a second ballot by the same person, or for the same agency,
    impossible. `choice` is blank on anonymous decisions: what was voted lives only in
    `Tally`, which has no link to any ballot or voter.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set on per-agency decisions only.
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(max_length=16, choices=VoteChoice.choices, blank=True)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "voter"], name="ballot_one_per_person"),
            models.UniqueConstraint(
                fields=["decision", "agency"],
                condition=Q(agency__isnull=False),
                name="ballot_one_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"Ballot on {self.decision}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.decision.collaborative_id


class Tally(models.Model):
    """How many ballots chose each option: a counter, with no voter, time or order,
    so nothing in the database leads from a count back to who voted."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=16, choices=VoteChoice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["decision", "choice"]
        verbose_name_plural = "tallies"
        constraints = [
            models.UniqueConstraint(fields=["decision", "choice"], name="tally_one_per_choice")
        ]

    def __str__(self) -> str:
        return f"{self.choice} on {self.decision}"


# ---------------------------------------------------------------------------
# Cross-training
# ---------------------------------------------------------------------------


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "TrainingSessionQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "TrainingSessionQuerySet":
        return self.select_related("collaborative", "agency").annotate(
            attendee_count=models.Count("attendance", distinct=True)
        )


class TrainingSession(models.Model):
    """Cross-training: one member agency presents itself to the others — its services,
    hours, policies and contacts — so each knows what the others do (G.R.I.P.)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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


# ---------------------------------------------------------------------------
# Participation of survivor advisors and community partners (Reimagined CCR)
# ---------------------------------------------------------------------------


class ParticipantKind(models.TextChoices):
    SURVIVOR_ADVISOR = "survivor_advisor", "Survivor advisor"
    COMMUNITY_PARTNER = "community_partner", "Community partner"


class Participant(models.Model):
    """A survivor advisor or community partner who agreed to take part and is paid for
    their time. The name is encrypted at rest and never enters the audit trail."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(max_length=32, choices=ParticipantKind.choices)
    name = EncryptedTextField()
    # The stipend per hour, in the collaborative's currency.
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="participant_rate_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ParticipationRecord(models.Model):
    """Hours given at a meeting or another activity, and the stipend they earn. The amount
    is fixed when recorded (hours × the rate then); paying records who paid and when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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
