"""The restore drill (S30): back up, change and purge, restore; the backup's rows come
back exactly (counts and checksums of its manifest) and what was purged stays purged."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from ccrhub.audit.integrity import stored_events, verify_chain
from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Case
from ccrhub.lib.crypto import generate_keyring
from ccrhub.retention import purge
from ccrhub.retention.backup import (
    BackupError,
    read_manifest,
    restore_backup,
    verify_against,
    write_backup,
)
from ccrhub.retention.models import Tombstone
from ccrhub.survivors.models import Survivor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }


def old_survivor(personas) -> Survivor:
    survivor = Survivor.objects.create(
        owner_agency=personas.advocate.agency,
        regime="vsp",
        created_by=personas.advocate,
        address="12 Elm Street",
    )
    three_years_ago = timezone.now() - datetime.timedelta(days=3 * 365)
    Survivor.objects.filter(pk=survivor.pk).update(created_at=three_years_ago)
    return survivor


def test_the_restore_drill(personas, tmp_path: Path):
    survivor = old_survivor(personas)
    kept = open_case(
        personas.ccr,
        external_ref="RPD-1",
        offender_ref="P-1",
        opened_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )
    default_storage.save("imports/2026/03/file.csv", ContentFile(b"case_ref,stage\nA,incident\n"))
    backup = tmp_path / "drill.ccrb"
    call_command("backup", str(backup))
    manifest = read_manifest(backup)

    # After the backup: new data arrives, a case is removed, the survivor's address is purged.
    open_case(
        personas.ccr,
        external_ref="RPD-2",
        offender_ref="P-2",
        opened_on=datetime.date(2026, 5, 2),
        actor=personas.police_officer,
    )
    kept.delete()
    purge.run(commit=True, categories=["survivor_contact"])
    default_storage.delete("imports/2026/03/file.csv")

    report = restore_backup(backup)

    assert set(Case.objects.values_list("external_ref", flat=True)) == {"RPD-1"}
    assert default_storage.open("imports/2026/03/file.csv").read().startswith(b"case_ref")
    # Everything but the replayed purge and its ledger is as the manifest says.
    differing = {problem.split(":")[0] for problem in verify_against(manifest)}
    assert differing == {"survivors.survivor", "retention.tombstone"}
    survivor.refresh_from_db()
    assert survivor.address == ""
    assert Tombstone.objects.filter(object_id=str(survivor.public_id)).exists()
    assert report.replayed >= 1
    assert report.rows == sum(entry["rows"] for entry in manifest.models.values())
    assert verify_chain(stored_events()).ok


def test_a_backup_holds_no_plaintext(personas, tmp_path: Path):
    old_survivor(personas)
    backup = tmp_path / "b.ccrb"
    write_backup(backup)
    text = backup.read_text()
    assert "Elm Street" not in text
    assert personas.coordinator.email not in text
    assert json.loads(text.splitlines()[0])["format"] == "ccrhub-backup"


def test_an_altered_backup_restores_nothing(personas, tmp_path: Path):
    backup = tmp_path / "b.ccrb"
    write_backup(backup)
    lines = backup.read_text().splitlines()
    lines[1], lines[2] = lines[2], lines[1]  # frames swapped
    backup.write_text("\n".join(lines) + "\n")
    cases_before = Case.objects.count()

    with pytest.raises(BackupError, match="Frame 0"):
        restore_backup(backup)
    assert Case.objects.count() == cases_before


def test_a_backup_needs_its_key_ring(personas, tmp_path: Path, settings):
    backup = tmp_path / "b.ccrb"
    write_backup(backup)
    settings.CCRHUB_KEYRING = json.dumps(generate_keyring("test1"))  # same id, other key

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(backup), "--yes")


def test_restore_asks_for_confirmation(tmp_path: Path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none"))
