"""The resource directory, after Open Referral HSDS 3.0, with what survivors need besides.

HSDS tables kept here: organization, service, location (with its one address),
service_at_location, phone, schedule, language, service_area, taxonomy and
taxonomy_term (linked to services, as HSDS does through `attribute` rows). Eligibility,
cost and accessibility are fields of the service, because the public search filters
on them.

Added for domestic- and sexual-violence work, which the standard lacks:
- a confidential location (a shelter): its address and coordinates are never
  published, nor is the location row or any service_at_location pointing to it; the
  service is shown with its phone ("call for the location");
- capacity: accepting referrals, places available, when that was last said;
- who last verified the entry and when (HSDS `assured_date`);
- culturally-specific, faith-based and community-based (non-system) supports;
- who is eligible: children, pets, gender, immigration status, disability access.

Each organisation belongs to one collaborative, which maintains it, and may be owned
by one of its agencies, whose staff keep their own services up to date.
HSDS ids are the rows' `public_id` UUIDs; integer keys stay internal.
"""

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.models import PublicIdModel


def verify_days() -> int:
    return settings.CCRHUB_DIRECTORY_VERIFY_DAYS


class Taxonomy(PublicIdModel):
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(PublicIdModel):
    """A need a service meets ("emergency shelter", "legal help")."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(max_length=50, blank=True)
    name = models.CharField(max_length=200)
    # The public search offers needs in Spanish too; terms are data, not source strings.
    name_es = models.CharField(max_length=200, blank=True)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def label(self, lang: str) -> str:
        return self.name_es if lang == "es" and self.name_es else self.name


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "OrganizationQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)


class Organization(PublicIdModel):
    collaborative = models.ForeignKey(
        "partners.Collaborative", on_delete=models.PROTECT, related_name="directory_organizations"
    )
    # The member agency whose staff maintain this entry; none for a community group.
    agency = models.ForeignKey(
        "partners.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_organizations",
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class GenderServed(models.TextChoices):
    ANY = "any", _("Any gender")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class ServiceQuerySet(models.QuerySet["Service"]):
    def published(self) -> "ServiceQuerySet":
        """What the public search and the HSDS API show."""
        return self.filter(
            organization__is_active=True,
            status__in=[ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED],
        )

    def open_at(self, moment: Any) -> "ServiceQuerySet":
        """Open around the clock, or by a schedule row covering `moment` (local time)."""
        local = timezone.localtime(moment)
        by_schedule = Schedule.objects.filter(
            weekday=local.weekday(), opens_at__lte=local.time(), closes_at__gt=local.time()
        ).values("service_id")
        return self.filter(Q(is_24_7=True) | Q(pk__in=by_schedule))

    def unverified_since(self, days: int) -> "ServiceQuerySet":
        cutoff = timezone.localdate() - timedelta(days=days)
        return self.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))


class Service(PublicIdModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=32, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    application_process = models.TextField(blank=True)
    interpretation_services = models.CharField(max_length=500, blank=True)
    alert = models.CharField(max_length=500, blank=True)
    # Cost.
    is_free = models.BooleanField(default=True)
    fees_description = models.CharField(max_length=500, blank=True)
    # Hours: around the clock, or the schedule rows.
    is_24_7 = models.BooleanField(_("open 24 hours, 7 days a week"), default=False)
    # Eligibility.
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender_served = models.CharField(
        max_length=16, choices=GenderServed.choices, default=GenderServed.ANY
    )
    accepts_children = models.BooleanField(_("children welcome"), default=False)
    accepts_pets = models.BooleanField(_("pets welcome"), default=False)
    any_immigration_status = models.BooleanField(
        _("open to people of any immigration status"), default=True
    )
    disability_access = models.CharField(max_length=500, blank=True)
    # The kind of support.
    culturally_specific = models.BooleanField(default=False)
    communities_served = models.CharField(max_length=200, blank=True)
    faith_based = models.BooleanField(default=False)
    # Run by and in the community, not by a public system (police, courts, health).
    community_based = models.BooleanField(default=False)
    # Capacity, said by the agency, with when it was said.
    accepting_referrals = models.BooleanField(default=True)
    places_available = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    # Who last confirmed the entry is right (HSDS assured_date), and when.
    assured_date = models.DateField(null=True, blank=True)
    assured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the owners were last reminded to verify it (`remind_unverified`).
    verification_reminded_on = models.DateField(null=True, blank=True, editable=False)
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_collaborative_id(self) -> int:
        return int(self.organization.collaborative_id)

    def weekly_hours(self) -> list[tuple[str, str]]:
        """Opening hours as ("Monday–Friday", "09:00–17:00"), consecutive days grouped.

        Reads `schedules.all()`, so a prefetch serves it.
        """
        runs: list[list[Any]] = []
        for row in sorted(self.schedules.all(), key=lambda r: (r.weekday, r.opens_at)):
            hours = (row.opens_at, row.closes_at)
            last = runs[-1] if runs else None
            if last and last[2] == hours and last[1] == row.weekday - 1:
                last[1] = row.weekday
            else:
                runs.append([row.weekday, row.weekday, hours])
        result = []
        for first, last_day, (opens, closes) in runs:
            days = str(Weekday(first).label)
            if last_day != first:
                days += f"–{Weekday(last_day).label}"
            result.append((days, f"{opens:%H:%M}–{closes:%H:%M}"))
        return result

    def days_since_verified(self) -> int | None:
        if self.assured_date is None:
            return None
        return (timezone.localdate() - self.assured_date).days

    def needs_verification(self) -> bool:
        days = self.days_since_verified()
        return days is None or days > verify_days()


class Location(PublicIdModel):
    """A place, with its one address. A confidential location is never published."""

    # Derived HSDS id of the address row, stable across exports.
    address_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_confidential = models.BooleanField(
        _("confidential location"),
        default=False,
        help_text=_("A shelter: the address is never published; people call for it."),
    )
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    transportation = models.CharField(max_length=500, blank=True)
    accessibility = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_collaborative_id(self) -> int:
        return int(self.organization.collaborative_id)


class ServiceAtLocation(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_at")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location_once")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class PhoneType(models.TextChoices):
    VOICE = "voice", _("Voice")
    TEXT = "text", _("Text")
    TEXTPHONE = "textphone", _("Textphone (TTY)")
    VIDEO = "video", _("Video relay")


class Phone(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=50)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=16, choices=PhoneType.choices, default=PhoneType.VOICE)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# RFC 5545 day codes, as HSDS `byday` uses them.
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Schedule(PublicIdModel):
    """Opening hours on one weekday; a 24/7 service needs none (`Service.is_24_7`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="schedule_opens_before_close"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


# Languages the directory records, by ISO 639-1 code; the names are shown in the
# language itself, so a reader finds their own.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "ar": "العربية",
    "asl": "American Sign Language",
    "fr": "Français",
    "hmn": "Hmoob",
    "so": "Soomaali",
    "vi": "Tiếng Việt",
    "zh": "中文",
}


class ServiceLanguage(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=8, choices=list(LANGUAGES.items()))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_language_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return LANGUAGES.get(self.code, self.code)


class ServiceArea(PublicIdModel):
    """A place the service covers (a county, a city): what "area" searches."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="service_area_once")
        ]

    def __str__(self) -> str:
        return self.name
