"""Many writers at once, in several collaboratives and none, still leave every chain
unbroken (PostgreSQL's advisory lock per chain)."""

import threading

import pytest
from django.db import connection, connections

from ccrhub.audit.integrity import stored_events, verify_chain
from ccrhub.audit.log import record
from ccrhub.audit.models import GENESIS_HASH, AuditEvent
from ccrhub.audit.tests.helpers import make_collaborative


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_every_chain_whole() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the race needs PostgreSQL.")
    targets = [None, make_collaborative(), make_collaborative("Hill County CCR")]
    writers, events_each = 6, 10
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        try:
            start.wait()
            for step in range(events_each):
                target = targets[(number + step) % len(targets)]
                record(actor=None, action="system.tick", target=target, details={"n": step})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == writers * events_each
    report = verify_chain(stored_events())
    assert (report.ok, report.chains) == (True, 3), report
    # Each chain starts once, and no two events claim the same predecessor: each chain
    # is a line, not a tree.
    links = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert links.count(GENESIS_HASH) == len(targets)
    assert len(set(links)) == len(links) - len(targets) + 1
