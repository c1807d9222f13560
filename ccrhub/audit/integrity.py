"""The audit trail's integrity: verifying the hash chain, and the one sanctioned delete.

Database triggers refuse UPDATE and DELETE on audit events. The retention purge (the
trail is kept at least a year, then may go) is the only delete, and it must say so
inside its own transaction: on PostgreSQL through a transaction-local setting, on
SQLite through a row in a permit table that only exists until the transaction ends.
After a purge the oldest remaining event of each chain has a `prev_hash` that is the
chain's anchor.

Chains: one per collaborative and one for events without a collaborative, plus the
deployment-wide chain of events written before chains were per collaborative. Each is
verified on its own, in id order, in one pass over the trail.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from ccrhub.audit.models import AuditEvent

PG_PURGE_SETTING = "ccrhub.audit_purge"
SQLITE_PERMIT_TABLE = "audit_purge_permit"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    broken_event_id: int | None = None
    problem: str = ""
    chains: int = 0


ChainKey = tuple[str, int | None]


def chain_of(event: AuditEvent) -> ChainKey:
    """Which chain an event belongs to: its collaborative's, or the deployment-wide
    chain of the events written before chains were per collaborative."""
    if event.chain_scheme is None:
        return ("deployment", None)
    return ("collaborative", event.collaborative_id)


def verify_chain(events: Iterable[AuditEvent]) -> ChainReport:
    """Recompute each event's hash and its link to the one before it in its chain, in id
    order. The first event of each chain is its anchor (the genesis hash, or the hash of
    an event removed by the retention purge)."""
    last_hash: dict[ChainKey, str] = {}
    count = 0
    for event in events:
        chain = chain_of(event)
        previous_hash = last_hash.get(chain)
        if previous_hash is not None and event.prev_hash != previous_hash:
            problem = "does not link to the event before it in its chain"
            return ChainReport(False, count, event.id, problem, len(last_hash))
        if event.compute_hash() != event.hash:
            problem = "its contents do not match its hash"
            return ChainReport(False, count, event.id, problem, len(last_hash))
        last_hash[chain] = event.hash
        count += 1
    return ChainReport(True, count, chains=len(last_hash))


def stored_events(batch: int = 2000) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=batch)


@contextmanager
def append_only_suspended(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Allow deletes of audit events for the rest of the current transaction only."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("Suspend the append-only guard only inside a transaction.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PG_PURGE_SETTING])
            yield
            cursor.execute("SELECT set_config(%s, 'off', true)", [PG_PURGE_SETTING])
        else:
            cursor.execute(f"INSERT INTO {SQLITE_PERMIT_TABLE} (id) VALUES (1)")  # noqa: S608
            yield
            cursor.execute(f"DELETE FROM {SQLITE_PERMIT_TABLE}")  # noqa: S608


def delete_events_before(cutoff: datetime, using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete events older than `cutoff` (retention); the number deleted."""
    with (
        transaction.atomic(using=using),
        append_only_suspended(using),
        connections[using].cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE occurred_at < %s", [cutoff])
        return int(cursor.rowcount)
