"""Fixtures and shared steps of the protocol tests: an arrest protocol of the Riverbend
CCR with version 1 superseded and version 2 in force (signed by the police department
and Safe Harbor), and audit bookkeeping."""

from typing import Any

import pytest

from ccrhub.audit.models import AuditEvent
from ccrhub.protocols import actions
from ccrhub.protocols.models import Protocol

V1 = (
    "1. Officers respond to every call.\n"
    "2. Officers arrest on probable cause.\n"
    "3. Reports go to the prosecutor within five days."
)
V2 = (
    "1. Officers respond to every call.\n"
    "2. Officers determine the predominant aggressor before any arrest.\n"
    "3. Officers arrest on probable cause.\n"
    "4. Reports go to the prosecutor within two days."
)


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events(since: int) -> list[AuditEvent]:
    """Protocol events since `since` (signing in is audited too, and is not ours)."""
    return list(
        AuditEvent.objects.filter(pk__gt=since, action__startswith="protocol.").order_by("pk")
    )


def draft(personas: Any, **overrides: Any) -> Protocol:
    fields: dict[str, Any] = {
        "kind": "protocol",
        "title": "Arrest and response protocol",
        "text": V1,
        "change_summary": "First version.",
        "governed_stages": ["incident", "arrest"],
    }
    fields.update(overrides)
    return actions.create_protocol(personas.ccr, actor=personas.coordinator, **fields)


def adopt(protocol: Protocol, actor: Any) -> None:
    actions.submit_for_review(protocol, actor=actor, version=protocol.version)
    actions.adopt_version(protocol, actor=actor, version=protocol.version)


def new_version(protocol: Protocol, actor: Any, text: str, **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "kind": protocol.kind,
        "title": protocol.title,
        "text": text,
        "change_summary": "Predominant aggressor; faster reports.",
        "review_due_on": protocol.review_due_on,
        "governed_stages": list(protocol.governed_stages),
        "retraining_roles": ["law_enforcement"],
    }
    fields.update(overrides)
    actions.save_draft(protocol, actor=actor, version=protocol.version, **fields)


def sign(protocol: Protocol, actor: Any, agency: Any, name: str = "Pat Quinn") -> None:
    assert protocol.current_version is not None
    actions.sign_version(
        protocol.current_version,
        actor=actor,
        agency=agency,
        signer_name=name,
        signer_title="Director",
    )


@pytest.fixture
def arrest_protocol(personas: Any) -> Protocol:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)
    new_version(protocol, personas.coordinator, V2)
    adopt(protocol, personas.coordinator)
    sign(protocol, personas.agency_admin, personas.police, name="Marcus Bell")
    sign(protocol, personas.coordinator, personas.vsp, name="Hannah Brooks")
    protocol.refresh_from_db()
    return protocol
