"""Retention of survivor contact details: blanked after the schedule, the record kept.

Contact details (address, substitute address, phone, safe contact) are what could lead
someone to a survivor; they go first. The record stays for its history in the agency.
"""

from collections.abc import Iterable
from datetime import datetime

from ccrhub.retention.registry import Category, register
from ccrhub.survivors.models import Survivor

CONTACT_FIELDS = ["address", "substitute_address", "phone", "safe_contact"]


def _due(cutoff: datetime) -> Iterable[str]:
    # Encrypted fields cannot be filtered on, so "still holds contact details" is read here.
    for survivor in Survivor.objects.filter(created_at__lt=cutoff).only(
        "public_id", *CONTACT_FIELDS
    ):
        if any(getattr(survivor, name) for name in CONTACT_FIELDS):
            yield str(survivor.public_id)


def _purge(public_id: str) -> list[str]:
    updated = Survivor.objects.filter(public_id=public_id).update(
        **{name: "" for name in CONTACT_FIELDS}
    )
    return CONTACT_FIELDS if updated else []


register(
    Category(
        name="survivor_contact",
        description="Survivors' contact details (the record itself stays).",
        due=_due,
        purge_one=_purge,
        object_type="survivors.survivor",
    )
)
