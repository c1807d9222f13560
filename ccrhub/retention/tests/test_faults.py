"""Fault tests (S32): a purge or a backup killed with SIGKILL half-way leaves no partial
state — a category is purged whole with its tombstones or not at all; a backup is either
complete under its name or absent."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from ccrhub.lib.tests.processes import kill_when_busy, manage_py
from ccrhub.retention.models import Tombstone
from ccrhub.survivors.models import Survivor

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SURVIVORS = 3000


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("kill tests run against the production engine, PostgreSQL")


def test_a_killed_purge_leaves_all_or_nothing(postgres_only, personas):
    survivors = [
        Survivor(
            owner_agency=personas.advocate.agency,
            regime="vsp",
            created_by=personas.advocate,
            address=f"{n} Elm Street",
        )
        for n in range(SURVIVORS)
    ]
    Survivor.objects.bulk_create(survivors, batch_size=500)
    Survivor.objects.update(created_at=timezone.now() - datetime.timedelta(days=3 * 365))

    purging = manage_py("purge", "--commit", "--category", "survivor_contact")
    killed = kill_when_busy(purging, after_seconds=4.0)

    blanked = sum(1 for s in Survivor.objects.only("address") if s.address == "")
    tombstones = Tombstone.objects.filter(category="survivor_contact").count()
    assert blanked == tombstones
    assert blanked in (0, SURVIVORS)
    if killed:
        assert blanked == 0


def test_a_killed_backup_leaves_no_backup_under_its_name(postgres_only, personas, tmp_path):
    target = tmp_path / "nightly.ccrb"
    backing_up = manage_py("backup", str(target))
    killed = kill_when_busy(backing_up, after_seconds=2.0)

    if killed:
        assert not target.exists()
    else:
        assert target.exists()
