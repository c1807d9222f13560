"""Collaboratives, the agencies that belong to them and the people who represent them."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.lib.models import AuthoredModel, PublicIdModel


class CollaborativeKind(models.TextChoices):
    CCR = "ccr", "CCR team"
    SART = "sart", "Sexual assault response team (SART)"
    REIMAGINED_CCR = "reimagined_ccr", "Reimagined CCR (community-led)"
    SUBGROUP = "subgroup", "Sub-group of a collaborative"
    MARAC = "marac", "MARAC / high-risk team"
    COURT_MANAGEMENT = "court_management", "Court management group"
    DEATH_REVIEW = "death_review", "Death review panel"
    AUDIT_TEAM = "audit_team", "Audit team"
    STEERING = "steering", "Steering group"


class Sector(models.TextChoices):
    ADVOCACY = "advocacy", "Advocacy program"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    PROSECUTION = "prosecution", "Prosecution"
    COURTS = "courts", "Courts"
    PROBATION = "probation", "Probation / parole"
    CORRECTIONS = "corrections", "Corrections"
    BIP = "bip", "Batterer intervention program"
    HEALTH = "health", "Health care"
    FORENSIC_EXAM = "forensic_exam", "Forensic examiners (SANE)"
    MENTAL_HEALTH = "mental_health", "Mental health"
    CHILD_WELFARE = "child_welfare", "Child protection / child welfare"
    CHILD_ADVOCACY = "child_advocacy", "Child advocacy centre"
    SOCIAL_SERVICES = "social_services", "Social services"
    HOUSING = "housing", "Housing"
    SCHOOLS = "schools", "Schools"
    UNIVERSITIES = "universities", "Universities"
    DAY_CARE = "day_care", "Day care"
    DISABILITY = "disability", "Disability rights / independent living"
    FAITH = "faith", "Faith communities"
    CULTURALLY_SPECIFIC = "culturally_specific", "Culturally-specific organisations"
    COMMUNITY = "community", "Community-based organisations"
    SURVIVORS = "survivors", "Survivors"
    COMMUNITY_MEMBERS = "community_members", "Community members"
    LEGAL = "legal", "Civil legal services / private attorneys"
    FAMILY_COURT = "family_court", "Family court"
    IMMIGRATION = "immigration", "Immigration services"
    PUBLIC_HEALTH = "public_health", "Public health"
    MILITARY = "military", "Military"
    COORDINATION = "coordination", "Coordinating agency"


class Regime(models.TextChoices):
    """The legal regime an agency's data lives under; it decides what may cross its line."""

    VSP = "vsp", "Victim-service provider"
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
    HEALTH = "health", "Health"
    CHILD_WELFARE = "child_welfare", "Child welfare"
    COMMUNITY = "community", "Community"
    COORDINATING = "coordinating", "Coordinating"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    AGENCY_ADMIN = "agency_admin", "Agency admin"
    MEMBER = "member", "Member"
    ADVOCATE = "advocate", "Advocate"
    ANALYST = "analyst", "Analyst / evaluator"
    COMMUNITY_MEMBER = "community_member", "Community member"


class CollaborativeQuerySet(models.QuerySet["Collaborative"]):
    def active(self) -> "CollaborativeQuerySet":
        return self.filter(is_active=True)

    def of_user(self, user: Any) -> "CollaborativeQuerySet":
        """Collaboratives in which the user holds an active role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            representatives__user=user, representatives__is_active=True, is_active=True
        ).distinct()


class Collaborative(PublicIdModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=CollaborativeKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subgroups"
    )
    area = models.CharField(max_length=200, blank=True, help_text="County, city or region served.")
    mission = models.TextField(blank=True)
    # Communities the collaborative says it serves (e.g. "Latino", "Deaf", "LGBTQ").
    communities_served = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollaborativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet["Agency"]):
    def visible_to(self, user: Any, collaborative_ids: Iterable[int]) -> "AgencyQuerySet":
        """Members of the given collaboratives (the user's), plus the user's own agency."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        in_mine = Q(
            memberships__collaborative_id__in=list(collaborative_ids),
            memberships__is_active=True,
        )
        own = Q(pk=user.agency_id) if user.agency_id else Q(pk__in=[])
        ids = self.filter(in_mine | own).values("pk")
        # A subquery on ids, not .distinct(): the join would otherwise repeat rows.
        return self.filter(pk__in=ids)


class Agency(PublicIdModel):
    name = models.CharField(max_length=200)
    short_code = models.SlugField(max_length=32, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    regime = models.CharField(max_length=32, choices=Regime.choices)
    # Communities this agency is specific to or led by, for representation analysis.
    communities = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A part of an agency (e.g. the police domestic violence unit); restrictions can name one."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.short_code}: {self.name}"


class AgencyMembership(models.Model):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # When the agency left; the row stays so the collaborative's history survives.
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "agency"], name="membership_unique_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.collaborative}"


class Representative(PublicIdModel):
    """A person's role in one collaborative, on behalf of their agency."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    # A revoked role is kept (inactive) as the history of who held what.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["collaborative__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "user"],
                condition=Q(is_active=True),
                name="representative_one_active_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.collaborative}"


class AvenueOutcome(models.TextChoices):
    JOIN = "join", "Work with the existing collaborative"
    SUBGROUP = "subgroup", "Form a sub-group of the existing collaborative"
    NEW_GROUP = "new_group", "Form a new collaborative group"


class AvenueAssessmentQuerySet(models.QuerySet["AvenueAssessment"]):
    def visible_to(self, user: Any, collaborative_ids: Iterable[int]) -> "AvenueAssessmentQuerySet":
        """The user's own assessments and those recorded in the given collaboratives."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(created_by=user) | Q(collaborative_id__in=list(collaborative_ids)))


class AvenueAssessment(PublicIdModel, AuthoredModel):
    """A saved answer to "which avenue for our community-organising work?" (the avenue tool)."""

    # The collaborative the asker works in, when the assessment belongs to one.
    collaborative = models.ForeignKey(
        Collaborative,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="avenue_assessments",
    )
    # The existing group compared with: one on CCR Hub, or only its name.
    existing_collaborative = models.ForeignKey(
        Collaborative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    existing_name = models.CharField(max_length=200, blank=True)
    answers = models.JSONField(default=dict)
    outcome = models.CharField(max_length=16, choices=AvenueOutcome.choices)
    reasons = models.JSONField(default=list)

    objects = AvenueAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.existing_label})"

    @property
    def existing_label(self) -> str:
        if self.existing_collaborative_id is not None and self.existing_collaborative:
            return self.existing_collaborative.name
        return self.existing_name


# ---------------------------------------------------------------------------
# Team foundations (G.R.I.P.): mission statement versions, leadership, one-to-ones
# ---------------------------------------------------------------------------


class MissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


class MissionVersion(PublicIdModel, AuthoredModel):
    """One version of a collaborative's mission statement: drafted, proposed to the
    members, adopted by a decision (which supersedes the version adopted before)."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="mission_versions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    status = models.CharField(
        max_length=16, choices=MissionStatus.choices, default=MissionStatus.DRAFT
    )
    adopted_by = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["collaborative", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="mission_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["collaborative"],
                condition=Q(status="adopted"),
                name="mission_version_one_adopted",
            ),
        ]

    def __str__(self) -> str:
        return f"Mission statement, version {self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        url = reverse("foundations:foundations-detail", args=[self.collaborative.public_id])
        return f"{url}#mission-v{self.number}"


class LeadershipPosition(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    COORDINATOR = "coordinator", "Coordinator"


class LeadershipTerm(PublicIdModel, AuthoredModel):
    """Who holds a leadership position, from when, and until when."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="leadership_terms"
    )
    position = models.CharField(max_length=16, choices=LeadershipPosition.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    # Blank: no fixed end.
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["collaborative", "position", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="leadership_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} term from {self.starts_on}"


class OneToOneMeeting(PublicIdModel):
    """A coordinator's relationship-building conversation with someone from a partner
    agency. Private to the coordinator who wrote it; notes are encrypted at rest."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="one_to_ones"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    met_on = models.DateField()
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    follow_up = EncryptedTextField(blank=True, default="")
    follow_up_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-id"]
        indexes = [models.Index(fields=["author", "collaborative", "met_on"])]

    def __str__(self) -> str:
        return f"One-to-one on {self.met_on}"
