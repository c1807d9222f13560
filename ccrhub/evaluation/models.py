"""Goals, indicators and what is measured against them; progress reviews, stories of
change, the public report's settings, coalitions and expiring exports.

Vocabulary of Results-Based Accountability ("turn the curve"): an indicator answers
one of three questions — how much did we do, how well did we do it, is anyone better
off — and is either a *population indicator* (about the whole community) or a
*performance measure* (about what the collaborative's own work achieved).

An indicator is *computed* from live data through a named measure of
`ccrhub.evaluation.registry`, or *entered* by hand, period by period, with a source.
Nothing here holds row-level data about people: only counts, shares and the words
the coordinator writes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.models import AuthoredModel, PublicIdModel, VersionedModel
from ccrhub.partners.models import Collaborative


class Goal(PublicIdModel, AuthoredModel, VersionedModel):
    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The person who answers for the goal's progress (a member of the collaborative).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.TextChoices):
    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF = "better_off", _("Is anyone better off?")


class Level(models.TextChoices):
    POPULATION = "population", _("Population indicator")
    PERFORMANCE = "performance", _("Performance measure")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed from live data")
    MANUAL = "manual", _("Entered by hand")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    SHARE = "share", _("Share (numerator of denominator)")


class Indicator(PublicIdModel, AuthoredModel, VersionedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(max_length=200)
    question = models.CharField(max_length=16, choices=Question.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    # The registry name of a computed indicator's measure; blank when entered by hand.
    measure = models.CharField(max_length=64, blank=True)
    # A computed indicator takes its measure's unit.
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.COUNT)
    # Where a hand-entered figure comes from (a survey, another agency's report …).
    source_note = models.CharField(max_length=300, blank=True)
    baseline = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.UP)
    # Shown (disclosure-controlled) on the public report.
    is_public = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="manual", measure="") | (Q(source="computed") & ~Q(measure="")),
                name="evaluation_indicator_measure_iff_computed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_collaborative_id(self) -> int:
        return self.goal.collaborative_id


class Measurement(models.Model):
    """A hand-entered figure of an indicator for one period (computed indicators are
    computed when shown, never stored)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField()
    period_end = models.DateField()
    # A count is its numerator; a share has both (counts, so disclosure control applies).
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="evaluation_one_measurement_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="evaluation_measurement_period_order",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=models.F("numerator")),
                name="evaluation_measurement_share_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.indicator.goal.collaborative_id


class ProgressReview(PublicIdModel, AuthoredModel):
    """A periodic review of progress, in the questions of the CCR facilitation guide
    (seed 002: what to continue or start, what to stop, the gaps, the successes)."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="progress_reviews"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    held_on = models.DateField()
    continue_doing = models.TextField(blank=True)
    start_doing = models.TextField(blank=True)
    stop_doing = models.TextField(blank=True)
    gaps = models.TextField(blank=True)
    successes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.held_on}"


class Story(PublicIdModel, AuthoredModel):
    """A story of change the coordinator writes for the public report. It names no
    survivor and no case: it tells what changed in how the community responds."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    language = models.CharField(
        max_length=8, choices=[("en", "English"), ("es", "Español")], default="en"
    )
    is_published = models.BooleanField(default=False)
    written_on = models.DateField()

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title


class ReportSettings(models.Model):
    """Per collaborative: whether it publishes a public report, and the population the
    volume reference values need (MARAC: cases per 10,000 adult women)."""

    collaborative = models.OneToOneField(
        Collaborative, on_delete=models.CASCADE, related_name="report_settings"
    )
    is_public = models.BooleanField(default=False)
    intro = models.TextField(blank=True)
    adult_women = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "report settings"

    def __str__(self) -> str:
        return f"Report settings of {self.collaborative}"


class Coalition(PublicIdModel):
    """Several collaboratives of one deployment (a state coalition, a regional network).

    Who sees the coalition view: people whose role in the `lead` collaborative grants
    `aggregates.view`. They see suppressed aggregates per member collaborative, never
    a row of any of them.
    """

    name = models.CharField(max_length=200)
    lead = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="led_coalitions")
    members = models.ManyToManyField(Collaborative, related_name="coalitions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class Export(PublicIdModel):
    """A file made for one person, with its purpose; served through an authorising
    view to its maker only, until `expires_at` (S23)."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    purpose = models.CharField(max_length=300)
    content = models.BinaryField()
    row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.public_id}"
