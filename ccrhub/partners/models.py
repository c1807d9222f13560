"""Collaboratives, the agencies that belong to them and the people who represent them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


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

    def of_user(self, user: settings.AUTH_USER_MODEL) -> "CollaborativeQuerySet":  # type: ignore[valid-type]
        """Collaboratives in which the user holds an active role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            representatives__user=user, representatives__is_active=True, is_active=True
        ).distinct()


class Collaborative(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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


class Agency(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    short_code = models.SlugField(max_length=32, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    regime = models.CharField(max_length=32, choices=Regime.choices)
    # Communities this agency is specific to or led by, for representation analysis.
    communities = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

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

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "agency"], name="membership_unique_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.collaborative}"


class Representative(models.Model):
    """A person's role in one collaborative, on behalf of their agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
