"""The one door to the audit trail: `record(...)`, called inside the acting transaction.

An event is written in the caller's transaction on the default database. If writing
it fails, the exception propagates and the caller's transaction rolls back: no act
goes unrecorded (fail closed, S18). Details carry ids, counts and keyed hashes only;
keys that name personal data are refused (S19). What a caller asked for (an id from a
path or a query, which may be anything they typed) is kept only as a keyed hash: see
`requested_id_hash` and `record_denial`.

Each collaborative's events form a hash chain of their own, and events with no
collaborative one more, so writers in unrelated collaboratives never wait for each
other (see `_lock_chain`). The anomaly rules run after the commit, in the task worker
(`ccrhub/audit/tasks.py`): the request pays one insert of the task row, not the rules.
"""

import contextlib
import re
import uuid
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from ccrhub.audit.models import CHAIN_PER_COLLABORATIVE, GENESIS_HASH, AuditEvent, Outcome
from ccrhub.lib.hashing import keyed_hash, normalise_term
from ccrhub.lib.request_id import current_request_id

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Words that, in a details key, mean personal data or a raw search term.
PII_WORDS = frozenset(
    {
        "email",
        "mail",
        "name",
        "names",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "phone",
        "telephone",
        "mobile",
        "address",
        "street",
        "postcode",
        "zip",
        "dob",
        "birth",
        "birthdate",
        "birthday",
        "ssn",
        "narrative",
        "term",
        "query",
        "q",
    }
)
# Words that, in a details key, mean raw request input: it goes in as a keyed hash only.
RAW_INPUT_WORDS = frozenset({"requested", "path", "url", "raw", "input"})
HASHED_KEY_SUFFIXES = ("_hash", "_hmac")
EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_DETAILS_DEPTH = 4
# The first half of the advisory lock key of a chain (any fixed 32-bit number); the
# second half is the collaborative's id, 0 for the chain of events without one.
CHAIN_LOCK_CLASS = 0x0CC4A0D1


def record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    reason: str = "",
    outcome: str = "success",
    compartment: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event about `target` (a model instance, or None) by `actor`."""
    object_type, object_id = describe_target(target)
    return append_event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        collaborative_id=collaborative_id_of(target),
        reason=reason,
        outcome=outcome,
        compartment=compartment,
        details=details,
    )


def record_search(
    *,
    actor: Any,
    scope: str,
    term: str,
    results: int | None = None,
    collaborative: Any = None,
    compartment: str = "",
) -> AuditEvent:
    """A search: only the keyed hash of the normalised term is kept, never the term."""
    details: dict[str, Any] = {
        "scope": scope,
        "term_hash": keyed_hash(normalise_term(term), purpose="search"),
    }
    if results is not None:
        details["results"] = results
    return append_event(
        actor=actor,
        action="search.performed",
        object_type="",
        object_id="",
        collaborative_id=getattr(collaborative, "pk", None),
        compartment=compartment,
        details=details,
    )


def requested_id_hash(requested: object) -> str:
    """The keyed hash of an id someone asked for, as it came in (a path segment, a query
    value). The raw text may be a name or an address typed into the URL; the hash still
    lets a coordinator see the same id asked for again, or match a known id."""
    text = str(requested)
    with contextlib.suppress(ValueError):
        text = str(uuid.UUID(text))  # one spelling of a UUID, however it was typed
    return keyed_hash(text, purpose="requested-id")


def record_denial(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    object_type: str = "",
    requested_id: object = None,
    reason: str = "",
    compartment: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """A refused act. Without a target (nothing visible was found) name the type, and what
    was asked for as `requested_id_hash`: never the raw value."""
    object_id = ""
    details = dict(details or {})
    if target is not None:
        object_type, object_id = describe_target(target)
    elif requested_id is not None:
        details["requested_id_hash"] = requested_id_hash(requested_id)
    return append_event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        collaborative_id=collaborative_id_of(target),
        reason=reason,
        outcome=Outcome.DENIED,
        compartment=compartment,
        details=details,
    )


def describe_target(target: Any) -> tuple[str, str]:
    """("app.model", public id or key): never the object's str(), which may be a name."""
    if target is None:
        return "", ""
    if not isinstance(target, models.Model):
        raise TypeError("An audit target is a model instance or None.")
    public_id = getattr(target, "public_id", None)
    return target._meta.label_lower, str(public_id if public_id is not None else target.pk)


def collaborative_id_of(target: Any) -> int | None:
    """The collaborative a target belongs to, for routing reports and alerts.

    Models whose collaborative is indirect (an event of a case) may expose an
    `audit_collaborative_id` attribute or property.
    """
    if target is None:
        return None
    from ccrhub.partners.models import Collaborative

    if isinstance(target, Collaborative):
        return target.pk
    for attribute in ("audit_collaborative_id", "collaborative_id"):
        value = getattr(target, attribute, None)
        if value is not None:
            return int(value)
    return None


def check_details(details: dict[str, Any], depth: int = 0) -> None:
    """Refuse details that look like personal data (ValueError, naming the key only)."""
    if depth > MAX_DETAILS_DEPTH:
        raise ValueError("Audit details are nested too deeply.")
    for key, value in details.items():
        if not isinstance(key, str):
            raise ValueError("Audit details keys are strings.")
        lowered = key.lower()
        words = set(re.split(r"[^a-z0-9]+", lowered)) | {re.sub(r"[^a-z0-9]", "", lowered)}
        if not lowered.endswith(HASHED_KEY_SUFFIXES) and words & PII_WORDS:
            raise ValueError(f"Audit details may not hold personal data (key '{key}').")
        if not lowered.endswith(HASHED_KEY_SUFFIXES) and words & RAW_INPUT_WORDS:
            raise ValueError(f"Audit details hold request input as keyed hashes (key '{key}').")
        _check_value(key, value, depth)


def _check_value(key: str, value: Any, depth: int) -> None:
    if isinstance(value, dict):
        check_details(value, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_value(key, item, depth + 1)
    elif isinstance(value, str):
        if EMAIL_LIKE.search(value):
            raise ValueError(f"Audit details may not hold personal data (key '{key}').")
    elif value is not None and not isinstance(value, bool | int | float):
        raise ValueError(f"Audit details hold JSON scalars only (key '{key}').")


def _actor_fields(actor: Any, collaborative_id: int | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_agency_id": None, "actor_role": ""}
    from ccrhub.partners.queries import role_in

    role = role_in(actor, collaborative_id) if collaborative_id is not None else None
    return {
        "actor": actor,
        "actor_agency_id": getattr(actor, "agency_id", None),
        "actor_role": role or "",
    }


def _lock_chain(using: str, collaborative_id: int | None) -> None:
    """One appender at a time per chain, so each event links to the one committed before
    it in its chain, while other collaboratives' writers go on undisturbed.

    PostgreSQL: a transaction-scoped advisory lock on the chain. SQLite allows one
    writer at a time and our transactions begin IMMEDIATE, so the write lock is held.
    A transaction that audits in two collaboratives takes two chain locks; two such
    transactions taking them in opposite orders make PostgreSQL end one of them with a
    deadlock error (it rolls back whole, audit and change together).
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [CHAIN_LOCK_CLASS, (collaborative_id or 0) % 2**31],
            )


def _last_hash_in_chain(using: str, collaborative_id: int | None) -> str | None:
    return (
        AuditEvent.objects.using(using)
        .in_chain(collaborative_id)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )


def append_event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    collaborative_id: int | None,
    reason: str = "",
    outcome: str = "success",
    compartment: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Validate, chain and insert one event; after the commit, queue the anomaly rules."""
    from ccrhub.audit.tasks import evaluate_anomalies

    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action '{action}' is not of the form 'area.verb'.")
    if outcome not in Outcome.values:
        raise ValueError(f"Audit outcome must be one of {Outcome.values}.")
    details = dict(details or {})
    check_details(details)
    request_id = current_request_id()
    using = DEFAULT_DB_ALIAS
    with transaction.atomic(using=using):
        _lock_chain(using, collaborative_id)
        previous = _last_hash_in_chain(using, collaborative_id)
        event = AuditEvent(
            occurred_at=timezone.now(),
            action=action,
            object_type=object_type,
            object_id=object_id,
            collaborative_id=collaborative_id,
            compartment=compartment,
            reason=reason[:500],
            outcome=outcome,
            request_id="" if request_id == "-" else request_id[:64],
            details=details,
            chain_scheme=CHAIN_PER_COLLABORATIVE,
            prev_hash=previous or GENESIS_HASH,
            **_actor_fields(actor, collaborative_id),
        )
        event.hash = event.compute_hash()
        event.save(using=using)
        event_id = event.pk
        transaction.on_commit(lambda: evaluate_anomalies.enqueue(event_id), using=using)
    return event
