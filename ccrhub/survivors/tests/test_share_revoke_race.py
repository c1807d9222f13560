"""Share and revoke racing never leave access after the revoke commits (S10).

A reader holds the release row (FOR UPDATE) while it renders; a revoke started
meanwhile waits for it, and every read that starts after the revoke commits is
refused. Needs real row locks: PostgreSQL only."""

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.http import Http404

from ccrhub.survivors import actions
from ccrhub.survivors.access import access_shared_survivor
from ccrhub.survivors.tests.conftest import make_survivor, release

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


def test_a_read_in_flight_delays_the_revoke_and_the_next_read_is_refused(
    personas: Any,
) -> None:
    from django.db import connections

    survivor = make_survivor(personas)
    given = release(personas, survivor)
    officer = personas.police_officer
    reading = threading.Event()
    revoked_at: list[float] = []
    read_done: list[float] = []

    def revoke() -> None:
        reading.wait(5)
        try:
            actions.revoke_release(given, actor=personas.advocate)
            revoked_at.append(time.monotonic())
        finally:
            connections.close_all()

    worker = threading.Thread(target=revoke)
    worker.start()
    with transaction.atomic():
        view = access_shared_survivor(officer, survivor.public_id)
        reading.set()
        time.sleep(0.5)  # the revoke is now waiting on the row lock
        assert not revoked_at
        assert "address" in view.fields
        read_done.append(time.monotonic())
    worker.join(10)
    assert revoked_at and revoked_at[0] >= read_done[0]
    with transaction.atomic(), pytest.raises(Http404):
        access_shared_survivor(officer, survivor.public_id)
