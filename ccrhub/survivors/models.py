"""The victim-service provider compartment: minimal survivor records.

A survivor record belongs to the agency that created it and to no one else. Every
identifying field is optional and encrypted at rest (S9); the record is tagged with
its origin agency and legal regime and is never matched or de-duplicated across
agencies. Who else may read it is decided by a release (US) or recorded basis (UK).
"""

import uuid

from django.conf import settings
from django.db import models

from ccrhub.lib.fields import EncryptedTextField
from ccrhub.partners.models import Agency, Regime


class Survivor(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(max_length=20, choices=Regime.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    # Identifying fields: optional, encrypted, never searchable in the database.
    name = EncryptedTextField(blank=True, default="")
    date_of_birth = EncryptedTextField(blank=True, default="")
    address = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    safe_contact = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    # Address-confidentiality participants: outside the owning agency only the
    # substitute address is ever shown (S13).
    address_confidentiality = models.BooleanField(default=False)
    substitute_address = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Survivor record {self.public_id}"
