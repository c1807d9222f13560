"""Offender accountability cases: system-level data keyed by agency identifiers.

No survivor name, address, phone or date of birth lives here; the offender appears
only as a keyed hash of the agency-normalised identifier, so repeat incidents link
without storing who the offender is. The stage model, events, orders, violations
and the BIP track join this model when case tracking is built out.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q

from ccrhub.accounts.models import Restriction
from ccrhub.partners.models import Agency, Collaborative


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

    def for_list(self) -> "CaseQuerySet":
        return self.select_related("collaborative", "lead_agency").with_restricted_flag()


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    external_ref = models.CharField(
        max_length=64, help_text="The reference the reporting agency uses for this case."
    )
    agency_case_number = models.CharField(max_length=64, blank=True)
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offender_key = models.CharField(max_length=64, db_index=True)
    opened_on = models.DateField()
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "external_ref"], name="case_unique_external_ref"
            )
        ]

    def __str__(self) -> str:
        return self.external_ref
