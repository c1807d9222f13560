"""MARAC / US high-risk team: referrals, conferences, research returns, SMART actions.

A referral is one victim–perpetrator pair brought to a high-risk collaborative. The
pair is known here only by a keyed hash of the identifiers the referrer gives, so a
repeat (a further referral of the same pair within 12 calendar months of the last)
is found without any name in the clear; names, contacts and the reasons for sharing
without consent are encrypted at rest (S9). The survivor's address is never copied
into these tables: it stays in the survivor compartment of the referring agency.

Sources: SafeLives MARAC guidance and the Domestic Violence High Risk Team model, as
summarised in the project's domain notes (repeat rule, 40 per 10,000 benchmark,
SMART actions, children's cases first, minutes restricted to attending agencies).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ccrhub.cases.models import Case
from ccrhub.lib.fields import EncryptedTextField
from ccrhub.lib.models import PublicIdModel, VersionedModel
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.risk.models import Assessment
from ccrhub.survivors.models import Survivor


def twelve_months_after(day: datetime.date) -> datetime.date:
    """The same day a calendar year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def twelve_months_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class ReferralStatus(models.TextChoices):
    NEW = "new", _("Awaiting a conference")
    LISTED = "listed", _("On an agenda")
    HEARD = "heard", _("Heard")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another team")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TeamSettings(models.Model):
    """Per-collaborative figures the measures and criteria need."""

    collaborative = models.OneToOneField(
        Collaborative, on_delete=models.CASCADE, related_name="highrisk_settings"
    )
    # Women aged 16 and over living in the area, for the volume benchmark.
    adult_women_population = models.PositiveIntegerField(null=True, blank=True)
    # Police-reported incidents in 12 months that count as potential escalation.
    escalation_incidents = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"High-risk settings of {self.collaborative}"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def for_list(self) -> "ReferralQuerySet":
        return self.select_related("collaborative", "referring_agency")

    def of_pair(self, collaborative_id: int, pair_key: str) -> "ReferralQuerySet":
        return self.filter(collaborative_id=collaborative_id, pair_key=pair_key)


class Referral(PublicIdModel, VersionedModel):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, related_name="highrisk_referrals"
    )
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField()
    # The referring agency's own survivor record and the assessment the referral came from.
    survivor = models.ForeignKey(
        Survivor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.NEW
    )

    # The pair: a keyed hash only; names, if given, encrypted.
    pair_key = models.CharField(max_length=64, db_index=True)
    # The perpetrator's identifier hashed together with the survivor record's id (blank
    # without a survivor record): recognises the perpetrator giving a release for this
    # survivor (S10), and links nothing across survivors.
    perpetrator_key = models.CharField(max_length=64, blank=True, default="")
    victim_name = EncryptedTextField(blank=True, default="")
    perpetrator_name = EncryptedTextField(blank=True, default="")

    # Criteria.
    visible_high_risk = models.BooleanField(default=False)
    dash_score = models.PositiveSmallIntegerField(null=True, blank=True)
    professional_judgement = models.BooleanField(default=False)
    judgement_reasons = EncryptedTextField(blank=True, default="")
    potential_escalation = models.BooleanField(default=False)
    # The tracking case the referrer linked, and the police incidents found for its
    # offender in the 12 months before the referral (computed at creation).
    linked_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    police_incidents_12m = models.PositiveSmallIntegerField(default=0)
    # Computed at creation: the same pair's last referral here was within 12 months.
    is_repeat = models.BooleanField(default=False)
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The pair was referred before, but more than 12 months ago: heard as a new referral.
    previous_over_12_months = models.BooleanField(default=False)

    # Consent and contact.
    victim_knows = models.BooleanField(default=False)
    consented = models.BooleanField(default=False)
    without_consent_justification = EncryptedTextField(blank=True, default="")
    safe_contacts = EncryptedTextField(blank=True, default="")
    unsafe_contacts = EncryptedTextField(blank=True, default="")

    # Children and history.
    children_count = models.PositiveSmallIntegerField(default=0)
    children_under_18 = models.BooleanField(default=False)
    earlier_referrals_elsewhere = models.CharField(max_length=300, blank=True)
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    transferred_from_area = models.CharField(max_length=200, blank=True)

    # Diversity, for the quarterly data return (each "yes" only when the victim said so).
    victim_minoritised = models.BooleanField(default=False)
    victim_disabled = models.BooleanField(default=False)
    victim_lgbt = models.BooleanField(default=False)
    victim_male = models.BooleanField(default=False)
    victim_aged_16_17 = models.BooleanField(default=False)
    perpetrator_under_18 = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    @property
    def reference(self) -> str:
        """A pseudonymous label people can say aloud in the meeting."""
        return self.public_id.hex[:8].upper()

    @property
    def label(self) -> str:
        """How people name the referral on a page: when, and which agency made it."""
        return str(
            _("Referral of %(date)s by %(agency)s")
            % {
                "date": date_format(self.referred_on, "DATE_FORMAT"),
                "agency": self.referring_agency.name,
            }
        )

    @property
    def has_children(self) -> bool:
        return self.children_count > 0 or self.children_under_18

    def criteria_labels(self) -> list[str]:
        labels = []
        if self.visible_high_risk:
            labels.append(str(_("Visible high risk")))
        if self.professional_judgement:
            labels.append(str(_("Professional judgement")))
        if self.potential_escalation:
            labels.append(str(_("Potential escalation")))
        if self.is_repeat:
            labels.append(str(_("Repeat")))
        return labels


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class ConferenceQuerySet(models.QuerySet["Conference"]):
    def for_list(self) -> "ConferenceQuerySet":
        return self.select_related("collaborative").annotate(case_count=models.Count("cases"))


class Conference(PublicIdModel, VersionedModel):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, related_name="highrisk_conferences"
    )
    held_on = models.DateField()
    cadence = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    status = models.CharField(
        max_length=16, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    # Minutes are always restricted: only attending agencies may read them.
    minutes = EncryptedTextField(blank=True, default="")
    minutes_distributed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.collaborative} {self.held_on.isoformat()}"


class ConferenceCase(PublicIdModel):
    """One referral on one conference's agenda."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="cases")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="listings")
    position = models.PositiveSmallIntegerField(default=0)
    has_children = models.BooleanField(default=False)
    is_repeat = models.BooleanField(default=False)
    previous_over_12_months = models.BooleanField(default=False)
    discussed = models.BooleanField(default=False)
    seconds_spent = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "referral"], name="highrisk_case_once_per_conference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral} at {self.conference}"


class ResearchReturn(models.Model):
    """What one agency found about one case before the meeting."""

    conference_case = models.ForeignKey(
        ConferenceCase, on_delete=models.CASCADE, related_name="returns"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    content = EncryptedTextField(blank=True, default="")
    nothing_known = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference_case", "agency"], name="highrisk_one_return_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"Return of {self.agency} for {self.conference_case}"


class RiskTarget(models.TextChoices):
    VICTIM = "victim", _("Victim")
    CHILD = "child", _("Child")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETE = "complete", _("Complete")
    NOT_POSSIBLE = "not_possible", _("Not possible — circumstances changed")
    NOT_DONE = "not_done", _("Not done")


class ActionQuerySet(models.QuerySet["Action"]):
    def for_list(self) -> "ActionQuerySet":
        return self.select_related(
            "owner_agency",
            "owner",
            "conference_case__conference",
            "conference_case__referral__referring_agency",
        )


class Action(PublicIdModel, VersionedModel):
    """A SMART action agreed at a conference for one case."""

    conference_case = models.ForeignKey(
        ConferenceCase, on_delete=models.PROTECT, related_name="actions"
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_target = models.CharField(max_length=16, choices=RiskTarget.choices)
    description = EncryptedTextField()
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default="open")
    status_note = EncryptedTextField(blank=True, default="")
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Action {self.public_id}"


class AttendanceKind(models.TextChoices):
    MEMBER = "member", _("Agency representative")
    OBSERVER = "observer", _("Observer")


class Attendance(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=16, choices=AttendanceKind.choices, default=AttendanceKind.MEMBER
    )
    confidentiality_signed = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "agency__name", "person_name"]

    def __str__(self) -> str:
        return self.person_name

    @property
    def represents_agency(self) -> bool:
        """There for the agency (`ccrhub.lib.sittings`), not as an observer."""
        return self.kind == AttendanceKind.MEMBER
