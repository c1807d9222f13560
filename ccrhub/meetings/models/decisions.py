"""Decisions, ballots and tallies."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from ccrhub.lib.models import AuthoredModel, PublicIdModel
from ccrhub.meetings.models.meetings import AgendaItem, Meeting
from ccrhub.partners.models import Agency, Collaborative


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


class Decision(PublicIdModel, AuthoredModel):
    """A proposal put to the members of a collaborative, perhaps at a meeting.

    Results stay hidden from everyone, the coordinator included, until it closes.
    """

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
