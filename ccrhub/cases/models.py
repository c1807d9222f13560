"""Offender accountability cases: system-level data keyed by agency identifiers.

No survivor name, address, phone or date of birth lives here; the offender appears
only as a keyed hash of the agency-normalised identifier, so repeat incidents link
without storing who the offender is. Events sit on the stage model kept as data
(`ccrhub.cases.stages`); orders, violations and their responses have rows of their own.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

from ccrhub.accounts.models import Restriction
from ccrhub.lib.models import PublicIdModel, VersionedModel
from ccrhub.partners.models import Agency, Collaborative


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another sex"
    UNKNOWN = "unknown", "Not recorded"


class PrimaryAggressor(models.TextChoices):
    """The responding agency's primary-aggressor determination, for measure breakdowns."""

    OFFENDER = "offender", "The offender was the primary aggressor"
    VICTIM = "victim", "The victim was found to be the primary aggressor"
    BOTH = "both", "Both parties (no determination)"
    UNDETERMINED = "undetermined", "Not determined or not recorded"


class CaseQuerySet(models.QuerySet["Case"]):
    def in_collaboratives(self, collaborative_ids: list[int]) -> "CaseQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def not_restricted_against(self, user: object) -> "CaseQuerySet":
        """Drop cases restricted against this user, their unit, or naming them as a party."""
        against = Q(kind__in=[Restriction.Kind.USER, Restriction.Kind.PARTY], user=user)
        unit_id = getattr(user, "unit_id", None)
        if unit_id is not None:
            against |= Q(kind=Restriction.Kind.UNIT, unit_id=unit_id)
        blocking = Restriction.objects.filter(
            against, content_type=ContentType.objects.get_for_model(Case), object_id=OuterRef("pk")
        )
        return self.exclude(Exists(blocking))

    def with_restricted_flag(self) -> "CaseQuerySet":
        restrictions = Restriction.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), object_id=OuterRef("pk")
        )
        return self.annotate(is_restricted=Exists(restrictions))

    def with_current_stage(self) -> "CaseQuerySet":
        """`latest_stage`: the stage of the case's latest event (by date, then id)."""
        latest = Event.objects.filter(case=OuterRef("pk")).order_by("-occurred_on", "-id")
        return self.annotate(latest_stage=Subquery(latest.values("stage")[:1]))

    def at_current_stage(self, code: str) -> "CaseQuerySet":
        """Cases whose latest event is at this stage (annotates `latest_stage` if needed)."""
        annotated = self if "latest_stage" in self.query.annotations else self.with_current_stage()
        return annotated.filter(**{"latest_stage": code})

    def for_list(self) -> "CaseQuerySet":
        return (
            self.select_related("collaborative", "lead_agency")
            .with_restricted_flag()
            .with_current_stage()
        )


class Case(PublicIdModel, VersionedModel):
    # No index of its own: `case_unique_external_ref` (collaborative, external_ref) serves
    # every look-up by collaborative, and each index slows the imports down.
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    external_ref = models.CharField(
        max_length=64, help_text="The reference the reporting agency uses for this case."
    )
    agency_case_number = models.CharField(max_length=64, blank=True)
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offender_key = models.CharField(max_length=64)  # indexed in Meta: equality only
    # An opaque reference the victim-service side can recognise; never a name or a date
    # of birth, and never matched across agencies.
    victim_ref = models.CharField(max_length=64, blank=True)
    offender_sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    victim_sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    primary_aggressor = models.CharField(
        max_length=16, choices=PrimaryAggressor.choices, default=PrimaryAggressor.UNDETERMINED
    )
    opened_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "external_ref"], name="case_unique_external_ref"
            )
        ]
        # The case list shows the newest first and stops after a page: walking this
        # index keeps it as quick at a million events as at ten thousand.
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="case_list_order"),
            # A keyed hash is only ever matched whole: one plain index, without the
            # pattern-matching twin `db_index=True` adds to a CharField on PostgreSQL.
            models.Index(fields=["offender_key"], name="case_offender_key"),
            # The case search matches a reference from its start (LIKE 'RPD-2026%'); on
            # PostgreSQL only the pattern operator class serves LIKE under any collation.
            # The unique constraint leads with the collaborative, so cannot serve it.
            models.Index(
                fields=["external_ref"],
                opclasses=["varchar_pattern_ops"],
                name="case_external_ref_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.external_ref


class Event(PublicIdModel, VersionedModel):
    """Something that happened to a case at one stage of the stage model (kept as data).

    `track` separates parallel tracks (a charge, an order) within a case; empty is the
    case's main track. An event is identified by case, stage, track and date, so a
    re-import of the same row updates it instead of adding a twin.
    """

    # No index of its own: `event_identity` and `event_case_timeline` both begin with it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    stage = models.CharField(max_length=32)
    occurred_on = models.DateField()
    outcome = models.CharField(max_length=32, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    track = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=16, default="entry")  # "entry", "import", "api"
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        indexes = [
            models.Index(fields=["stage", "occurred_on"]),
            # The case's timeline and its current stage (latest event by date, then id).
            models.Index(fields=["case", "occurred_on", "id"], name="event_case_timeline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "track", "occurred_on"], name="event_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} on {self.occurred_on}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.case.collaborative_id


class OrderKind(models.TextChoices):
    PROTECTION_ORDER = "protection_order", "Protection order (civil)"
    TEMPORARY_PROTECTION_ORDER = "temporary_protection_order", "Temporary protection order"
    NO_CONTACT = "no_contact", "Criminal no-contact order"
    BAIL_CONDITIONS = "bail_conditions", "Pretrial release / bail conditions"
    RESTRAINING_ORDER = "restraining_order", "Restraining order"
    FIREARMS_SURRENDER = "firearms_surrender", "Firearms surrender order"
    DVPN = "dvpn", "Domestic violence protection notice (DVPN)"
    DVPO = "dvpo", "Domestic violence protection order (DVPO)"
    DAPN = "dapn", "Domestic abuse protection notice (DAPN)"
    DAPO = "dapo", "Domestic abuse protection order (DAPO)"


class Order(PublicIdModel):
    """An order on a case: issued, served, expires; its conditions as codes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=32, choices=OrderKind.choices)
    track = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    served_on = models.DateField(null=True, blank=True)
    served_by = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)
    # e.g. ["no_contact", "stay_away", "firearms_surrender", "gps_monitoring", "attend_bip"]
    conditions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} issued {self.issued_on}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.case.collaborative_id


class ViolationKind(models.TextChoices):
    TECHNICAL = "technical", "Technical violation"
    NEW_OFFENCE = "new_offence", "New offence"


class Violation(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="violations")
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="violations"
    )
    kind = models.CharField(max_length=16, choices=ViolationKind.choices)
    detected_on = models.DateField()
    reported_by = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["detected_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} detected {self.detected_on}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.case.collaborative_id


class ResponseKind(models.TextChoices):
    WARNING = "warning", "Warning"
    REVIEW_HEARING = "review_hearing", "Review hearing"
    REVOCATION = "revocation", "Revocation"
    SANCTION = "sanction", "Sanction"


class ViolationResponse(PublicIdModel):
    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=16, choices=ResponseKind.choices)
    responded_on = models.DateField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["responded_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.responded_on}"

    @property
    def audit_collaborative_id(self) -> int:
        return self.violation.case.collaborative_id


class ColumnMapping(PublicIdModel):
    """How one agency's export maps onto the canonical event columns, saved for reuse."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    # canonical column → source column, e.g. {"case_ref": "Case Number", ...}
    columns = models.JSONField(default=dict)
    # canonical column → {source code → canonical value}, e.g. {"stage": {"ARR": "arrest"}}
    values = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="mapping_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class ImportJob(PublicIdModel):
    """One uploaded file on its way in: all of it or nothing, with progress and errors."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, default="events")
    mapping = models.ForeignKey(
        ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upload = models.FileField(upload_to="imports/%Y/%m/")
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    # [{"row": 3, "column": "occurred_on", "message": "..."}] — never the cell's value
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Handed to the worker; a queued job is not started twice.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.public_id} ({self.status})"


class CaseStageFirst(models.Model):
    """Per case: the first date at each stage the figures read, and the facts they count.

    Derived from the case's events and kept in step by the database itself (triggers on
    `cases_event`, see `ccrhub.cases.stage_firsts`), so every write path — actions,
    imports, COPY, bulk writes, cascaded deletes — keeps it true. A case without
    events has no row. `manage.py rebuild_stage_firsts` recomputes it from scratch.
    """

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    incident = models.DateField(null=True)
    arrest = models.DateField(null=True)  # an arrest event that is not an exit
    charge_filed = models.DateField(null=True)
    first_appearance = models.DateField(null=True)
    disposition = models.DateField(null=True)
    sentence = models.DateField(null=True)
    probation_start = models.DateField(null=True)
    bip_referral = models.DateField(null=True)
    bip_enrolment = models.DateField(null=True)
    bip_completion = models.DateField(null=True)
    dual = models.BooleanField(default=False)
    convicted = models.BooleanField(default=False)
    plea = models.BooleanField(default=False)
    # The exits of the funnel (metrics.EXITS), in that order.
    exit_arrest_none = models.BooleanField(default=False)
    exit_arrest_warrant = models.BooleanField(default=False)
    exit_charge_declined = models.BooleanField(default=False)
    exit_diverted = models.BooleanField(default=False)
    exit_dismissed = models.BooleanField(default=False)
    exit_acquitted = models.BooleanField(default=False)
    exit_bip_termination = models.BooleanField(default=False)
    # The case's own facts at the last refresh, so the row says which cells it counts in.
    collaborative = models.ForeignKey(
        Collaborative, null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    offender_key = models.CharField(max_length=64, default="")
    offender_sex = models.CharField(max_length=8, default="")
    primary_aggressor = models.CharField(max_length=16, default="")
    first_event = models.DateField(null=True)
    last_event = models.DateField(null=True)
    last_incident = models.DateField(null=True)
    next_incident = models.DateField(null=True)  # the offender's next, after `incident`

    class Meta:
        indexes = [
            # The cases whose events straddle an end of a period.
            models.Index(fields=["collaborative", "first_event"], name="stage_first_span"),
        ]

    def __str__(self) -> str:
        return f"Stage firsts of case {self.case_id}"


class MetricCell(models.Model):
    """One maintained count of the funnel or the measures (`ccrhub.cases.aggregates`).

    Written only by the database triggers and the rebuild: append-only differences,
    so a key may have several rows and readers sum `n`.
    """

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    day = models.DateField()
    kind = models.IntegerField()
    offender_sex = models.CharField(max_length=8)
    primary_aggressor = models.CharField(max_length=16)
    value = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["collaborative", "kind", "day"], name="metric_cell_lookup"),
            models.Index(fields=["collaborative", "id"], name="metric_cell_version"),
        ]

    def __str__(self) -> str:
        return f"Cell {self.kind} of {self.day}"
