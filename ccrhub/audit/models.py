"""The audit trail (S18-S19) and the alerts its anomaly rules raise (S20).

`AuditEvent` rows are append-only: the model refuses updates and deletes, and
database triggers (migration 0002) refuse UPDATE and DELETE on both SQLite and
PostgreSQL. Each row stores the hash of the one before it in its chain, so removing
or editing a row breaks the chain that `manage.py verify_audit_chain` recomputes.
There is one chain per collaborative and one for events without a collaborative
(`chain_scheme` 2); events written before that (`chain_scheme` empty) form the one
deployment-wide chain they were written in, and are verified as such.
Nothing here may hold PII: ids, counts and keyed hashes only.
"""

import hashlib
import json
from datetime import UTC
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from ccrhub.lib.models import PublicIdModel

GENESIS_HASH = "0" * 64
# `AuditEvent.chain_scheme`: each event links to the one before it in its
# collaborative's chain (or in the chain of events without a collaborative).
CHAIN_PER_COLLABORATIVE = 2


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit event."""


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"
    FAILURE = "failure", "Failure"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are written one by one through audit.record().")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def for_object(self, object_type: str, object_id: str) -> "AuditEventQuerySet":
        return self.filter(object_type=object_type, object_id=object_id)

    def in_chain(self, collaborative_id: int | None) -> "AuditEventQuerySet":
        """The events of one per-collaborative chain (None: events without one)."""
        chain = self.filter(chain_scheme=CHAIN_PER_COLLABORATIVE)
        if collaborative_id is None:
            return chain.filter(collaborative__isnull=True)
        return chain.filter(collaborative_id=collaborative_id)

    def in_collaboratives(self, collaborative_ids: list[int]) -> "AuditEventQuerySet":
        return self.filter(collaborative_id__in=collaborative_ids)

    def for_list(self) -> "AuditEventQuerySet":
        return self.select_related("actor", "actor_agency", "collaborative").order_by("-id")


class AuditEvent(PublicIdModel):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_agency = models.ForeignKey(
        "partners.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    collaborative = models.ForeignKey(
        "partners.Collaborative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    compartment = models.CharField(max_length=32, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    # Empty for events of the deployment-wide chain kept from before; otherwise
    # CHAIN_PER_COLLABORATIVE. Nullable so that adding it left old rows (and their
    # hashes) untouched.
    chain_scheme = models.SmallIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_time"),
            models.Index(fields=["collaborative", "occurred_at"], name="audit_event_collab_time"),
            # The last event of a chain, looked up by every append.
            models.Index(fields=["collaborative", "id"], name="audit_event_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id} ({self.outcome})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def canonical(self) -> dict[str, Any]:
        """Everything the hash covers (all columns but the row id and the hash itself).

        The chain scheme is covered when set: older events' hashes stay as they were."""
        fields = {
            "public_id": str(self.public_id),
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_agency": self.actor_agency_id,
            "actor_role": self.actor_role,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "collaborative": self.collaborative_id,
            "compartment": self.compartment,
            "reason": self.reason,
            "outcome": self.outcome,
            "request_id": self.request_id,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }
        if self.chain_scheme is not None:
            fields["chain_scheme"] = self.chain_scheme
        return fields

    def compute_hash(self) -> str:
        text = json.dumps(
            self.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AlertRule(models.TextChoices):
    MANY_VIEWS = "many_views", "Many views in a short time"
    PROBING = "probing", "Repeated look-ups of missing or forbidden records"
    RESTRICTED = "restricted", "Attempt to open a restricted record"
    LARGE_EXPORT = "large_export", "Large export"
    OUT_OF_CASELOAD = "out_of_caseload", "Views of records outside the user's caseload"
    SEARCH_NO_FOLLOW_UP = "search_no_follow_up", "Name searches with no follow-up"


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> "AlertQuerySet":
        return self.filter(acknowledged_at__isnull=True)


class Alert(PublicIdModel):
    """Raised by an anomaly rule for the coordinators of a collaborative to look into."""

    collaborative = models.ForeignKey(
        "partners.Collaborative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    rule = models.CharField(max_length=32, choices=AlertRule.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Ids, counts and thresholds only: never PII.
    details = models.JSONField(default=dict, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["rule", "actor", "created_at"], name="alert_rule_actor")]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.created_at:%Y-%m-%d %H:%M})"
