"""Each collaborative's events form a chain of their own (events without one, another),
so writers in unrelated collaboratives do not wait for each other, and tampering in any
chain is still found (S19)."""

import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from ccrhub.audit.integrity import stored_events, verify_chain
from ccrhub.audit.log import record
from ccrhub.audit.models import GENESIS_HASH, AuditEvent
from ccrhub.audit.tests.helpers import make_collaborative

WAIT_SECONDS = 20  # only a failure waits this long


def drop_guards() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")


def interleaved_trail() -> dict[str, list[AuditEvent]]:
    riverside, hill = make_collaborative(), make_collaborative("Hill County CCR")
    chains: dict[str, list[AuditEvent]] = {"riverside": [], "hill": [], "none": []}
    for n in range(3):
        chains["riverside"].append(record(actor=None, action="partner.viewed", target=riverside))
        chains["none"].append(record(actor=None, action="system.tick", details={"n": n}))
        chains["hill"].append(record(actor=None, action="partner.viewed", target=hill))
    return chains


@pytest.mark.django_db
def test_each_event_links_to_the_one_before_it_in_its_own_chain() -> None:
    for events in interleaved_trail().values():
        assert events[0].prev_hash == GENESIS_HASH
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "OK: 9 audit events in 3 chains" in out.getvalue()


@pytest.mark.django_db
def test_an_edit_in_one_chain_is_found_while_the_others_are_intact() -> None:
    hill = interleaved_trail()["hill"]
    drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = 'denied' WHERE id = %s", [hill[1].pk])
    with pytest.raises(CommandError, match=f"event id {hill[1].pk}: its contents"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_a_removed_event_is_found_by_the_next_event_of_its_chain() -> None:
    riverside = interleaved_trail()["riverside"]
    drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [riverside[1].pk])
    with pytest.raises(CommandError, match=f"event id {riverside[2].pk}: does not link"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_moving_an_event_to_another_chain_breaks_both() -> None:
    chains = interleaved_trail()
    drop_guards()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET collaborative_id = %s WHERE id = %s",
            [chains["hill"][0].collaborative_id, chains["riverside"][1].pk],
        )
    report = verify_chain(stored_events())
    assert not report.ok


@pytest.mark.django_db
def test_the_trail_written_before_chains_per_collaborative_still_verifies() -> None:
    riverside = make_collaborative()
    previous = GENESIS_HASH
    for n in range(3):  # as the deployment-wide chain wrote them: no chain scheme
        old = AuditEvent(
            occurred_at=AuditEvent._meta.get_field("occurred_at").to_python("2025-01-01T00:00Z"),
            action="partner.viewed",
            collaborative=riverside if n % 2 else None,
            details={"n": n},
            prev_hash=previous,
        )
        old.hash = old.compute_hash()
        old.save()
        previous = old.hash
    new = record(actor=None, action="partner.viewed", target=riverside)
    assert new.prev_hash == GENESIS_HASH  # the collaborative's chain starts afresh
    report = verify_chain(stored_events())
    assert (report.ok, report.count, report.chains) == (True, 4, 2)


def _hold_a_chain_open(collaborative: Any, held: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            record(actor=None, action="partner.viewed", target=collaborative)
            held.set()
            release.wait(WAIT_SECONDS)
    finally:
        connections.close_all()


def _write_once(collaborative: Any, done: threading.Event) -> None:
    try:
        record(actor=None, action="partner.viewed", target=collaborative)
        done.set()
    finally:
        connections.close_all()


def _waiting_on_a_chain_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return bool(cursor.fetchone()[0])


def _race(first: Any, second: Any) -> tuple[bool, bool]:
    """A transaction audits in `first` and stays open; meanwhile another writes in
    `second`. (did the second finish while the first was open, was it seen waiting)."""
    held, release, done = threading.Event(), threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_a_chain_open, args=(first, held, release))
    holder.start()
    assert held.wait(WAIT_SECONDS)
    writer = threading.Thread(target=_write_once, args=(second, done))
    writer.start()
    waited = False
    while not done.is_set() and not waited:
        waited = _waiting_on_a_chain_lock()
        done.wait(0.05)
    finished_while_open = done.is_set()
    release.set()
    holder.join()
    writer.join()
    return finished_while_open, waited


@pytest.mark.django_db(transaction=True)
def test_two_collaboratives_writers_do_not_wait_on_each_other() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; concurrency needs PostgreSQL.")
    riverside, hill = make_collaborative(), make_collaborative("Hill County CCR")
    assert _race(riverside, hill) == (True, False)
    # Writers in the same collaborative do wait: one chain, one appender at a time.
    assert _race(riverside, riverside) == (False, True)
    assert verify_chain(stored_events()).ok
    assert AuditEvent.objects.filter(collaborative=riverside).count() == 3
