"""The one door to the audit trail: `record(...)`, called inside the acting transaction."""

from typing import Any


def record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    reason: str = "",
    outcome: str = "success",
    compartment: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit event (placeholder until the audit app lands; same signature)."""
