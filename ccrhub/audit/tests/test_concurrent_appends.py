"""Many writers at once still leave one unbroken chain (PostgreSQL's advisory lock)."""

import threading

import pytest
from django.db import connection, connections

from ccrhub.audit.integrity import stored_events, verify_chain
from ccrhub.audit.log import record
from ccrhub.audit.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_whole() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the race needs PostgreSQL.")
    writers, events_each = 6, 10
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        try:
            start.wait()
            for step in range(events_each):
                record(actor=None, action="system.tick", details={"writer": number, "n": step})
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
    assert report.ok, report
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == writers * events_each
