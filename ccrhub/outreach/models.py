"""Community education: events, campaigns and trainings a collaborative delivers to
outside audiences (SART purpose 4, "community education"; CCR community awareness and
prevention campaigns), each tagged with the socio-ecological levels it acts on.

The levels follow the socio-ecological model the CDC describes and the Reimagined CCR
adopts: individual, relationship, community, societal. Acting across several levels
at once is what sustains prevention, so a coverage view names the levels left empty.
Nothing here holds survivor data.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.models import AuthoredModel, PublicIdModel
from ccrhub.partners.models import Agency, Collaborative


class Kind(models.TextChoices):
    EVENT = "event", _("Event")
    CAMPAIGN = "campaign", _("Campaign")
    TRAINING = "training", _("Training")


class Setting(models.TextChoices):
    SCHOOLS = "schools", _("Schools and campuses")
    FAITH = "faith", _("Faith communities")
    FAIRS = "fairs", _("Community fairs and town halls")
    MEDIA = "media", _("Media")
    WORKPLACES = "workplaces", _("Workplaces")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    RELATIONSHIP = "relationship", _("Relationship")
    COMMUNITY = "community", _("Community")
    SOCIETAL = "societal", _("Societal")


# Level → the boolean column that tags it. Columns rather than a list, so counting per
# level is one aggregate on any database.
LEVEL_FIELDS: dict[str, str] = {level.value: f"level_{level.value}" for level in Level}


class ActivityQuerySet(models.QuerySet["Activity"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "ActivityQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "ActivityQuerySet":
        return self.select_related("collaborative", "agency")

    def coverage_counts(self) -> dict[str, int]:
        """`<level>__<kind>` and `<level>__all` → number of activities (one query)."""
        aggregates = {}
        for level, column in LEVEL_FIELDS.items():
            aggregates[f"{level}__all"] = Count("pk", filter=Q(**{column: True}))
            for kind in Kind:
                aggregates[f"{level}__{kind.value}"] = Count(
                    "pk", filter=Q(**{column: True, "kind": kind.value})
                )
        return {key: int(value or 0) for key, value in self.aggregate(**aggregates).items()}


class Activity(PublicIdModel, AuthoredModel):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="outreach_activities"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    starts_on = models.DateField()
    # A campaign runs over weeks; a one-day event leaves this empty.
    ends_on = models.DateField(null=True, blank=True)
    # The member agency that delivers it; its staff may record and edit it.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    audience_size = models.PositiveIntegerField(null=True, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    setting = models.CharField(max_length=16, choices=Setting.choices)
    level_individual = models.BooleanField(default=False)
    level_relationship = models.BooleanField(default=False)
    level_community = models.BooleanField(default=False)
    level_societal = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="outreach_activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(level_individual=True)
                | Q(level_relationship=True)
                | Q(level_community=True)
                | Q(level_societal=True),
                name="outreach_activity_has_a_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def levels(self) -> list[str]:
        return [level for level, column in LEVEL_FIELDS.items() if getattr(self, column)]

    def level_labels(self) -> list[str]:
        return [str(Level(level).label) for level in self.levels]
