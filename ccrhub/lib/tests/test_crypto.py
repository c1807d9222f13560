"""Survivor data is encrypted at rest (S9): AES-256-GCM, key id in the value, rotation."""

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps

from ccrhub.accounts.management.commands import rotate_keys
from ccrhub.lib import crypto
from ccrhub.lib.crypto import DecryptionError, decrypt, encrypt, generate_key, key_id_of
from ccrhub.lib.fields import EncryptedTextField

AAD = b"survivors.Survivor.name"


def ring(active: str, *key_ids: str, keys: dict[str, str] | None = None) -> str:
    keys = dict(keys or {})
    for key_id in key_ids:
        keys.setdefault(key_id, generate_key())
    return json.dumps({"active": active, "keys": keys})


def test_a_value_survives_the_round_trip_and_is_not_plaintext() -> None:
    token = encrypt("Maria Lopez, 12 Elm St", aad=AAD)
    assert "Maria" not in token and "Elm" not in token
    assert decrypt(token, aad=AAD) == "Maria Lopez, 12 Elm St"


def test_the_same_value_encrypts_differently_each_time() -> None:
    assert encrypt("same", aad=AAD) != encrypt("same", aad=AAD)


@pytest.mark.parametrize("position", [0, 1, 5, 20, -1])
def test_a_tampered_byte_fails_to_decrypt(position: int) -> None:
    blob = bytearray(base64.urlsafe_b64decode(encrypt("Maria Lopez", aad=AAD)))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt(base64.urlsafe_b64encode(bytes(blob)).decode(), aad=AAD)


def test_a_truncated_or_garbage_value_fails_cleanly() -> None:
    token = encrypt("Maria Lopez", aad=AAD)
    for bad in (token[:10], "not base64 at all!", ""):
        with pytest.raises(DecryptionError):
            decrypt(bad, aad=AAD)


def test_a_value_moved_to_another_column_fails_to_decrypt() -> None:
    token = encrypt("Maria Lopez", aad=b"survivors.Survivor.name")
    with pytest.raises(DecryptionError):
        decrypt(token, aad=b"survivors.Survivor.safe_contact")


def test_the_value_names_the_key_it_was_encrypted_with(settings: Any) -> None:
    settings.CCRHUB_KEYRING = ring("k7", "k7")
    assert key_id_of(encrypt("x", aad=AAD)) == "k7"


def test_a_value_from_a_key_no_longer_in_the_ring_fails(settings: Any) -> None:
    settings.CCRHUB_KEYRING = ring("old", "old")
    token = encrypt("x", aad=AAD)
    settings.CCRHUB_KEYRING = ring("new", "new")
    with pytest.raises(DecryptionError, match="not in the key ring"):
        decrypt(token, aad=AAD)


def test_without_a_key_ring_encryption_is_improperly_configured(settings: Any) -> None:
    settings.CCRHUB_KEYRING = ""
    settings.CCRHUB_KEYRING_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="CCRHUB_KEYRING"):
        encrypt("x", aad=AAD)


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        json.dumps({"keys": {"k1": generate_key()}}),
        json.dumps({"active": "k1", "keys": {"k1": base64.b64encode(b"short").decode()}}),
        json.dumps({"active": "k1", "keys": {"k 1": generate_key()}}),
    ],
    # Fresh keys in the parameters: ids that stay the same from one collection to the
    # next (each test process collects on its own).
    ids=["not-json", "no-active-key", "short-key", "bad-key-id"],
)
def test_a_malformed_key_ring_is_refused_without_echoing_keys(settings: Any, raw: str) -> None:
    settings.CCRHUB_KEYRING = raw
    with pytest.raises(ImproperlyConfigured) as error:
        encrypt("x", aad=AAD)
    assert generate_key()[:8] not in str(error.value)


def test_the_key_ring_can_live_in_a_file(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    path.write_text(ring("f1", "f1"))
    settings.CCRHUB_KEYRING = ""
    settings.CCRHUB_KEYRING_FILE = str(path)
    assert key_id_of(encrypt("x", aad=AAD)) == "f1"


def test_ensure_demo_keyring_writes_a_private_file_once(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "var" / "demo-keyring.json"
    settings.DEBUG = True
    settings.CCRHUB_KEYRING = ""
    settings.CCRHUB_KEYRING_FILE = str(path)
    call_command("ensure_demo_keyring")
    assert os.stat(path).st_mode & 0o777 == 0o600
    first = path.read_text()
    call_command("ensure_demo_keyring")
    assert path.read_text() == first
    assert decrypt(encrypt("x", aad=AAD), aad=AAD) == "x"


def test_ensure_demo_keyring_refuses_outside_debug(settings: Any, tmp_path: Path) -> None:
    settings.DEBUG = False
    settings.CCRHUB_KEYRING_FILE = str(tmp_path / "keyring.json")
    with pytest.raises(Exception, match="outside DEBUG"):
        call_command("ensure_demo_keyring")
    assert not (tmp_path / "keyring.json").exists()


# --- the model field, on a table that exists only for these tests -------------------------


@pytest.fixture
def note_model(transactional_db: None) -> Iterator[type[models.Model]]:
    with isolate_apps("ccrhub.lib"):

        class SecretNote(models.Model):
            body = EncryptedTextField(null=True, blank=True)

            class Meta:
                app_label = "lib"

            def __str__(self) -> str:
                return f"note {self.pk}"

        with connection.schema_editor() as editor:
            editor.create_model(SecretNote)
        try:
            yield SecretNote
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(SecretNote)


def raw_body(model: type[models.Model], pk: int) -> str | None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_raw_sql_sees_only_ciphertext(note_model: Any) -> None:
    note = note_model.objects.create(body="Shelter: Harbor House")
    stored = raw_body(note_model, note.pk)
    assert stored is not None and "Harbor" not in stored
    assert decrypt(stored, aad=b"lib.SecretNote.body") == "Shelter: Harbor House"
    assert note_model.objects.get(pk=note.pk).body == "Shelter: Harbor House"


def test_none_stays_none_and_isnull_works(note_model: Any) -> None:
    note = note_model.objects.create(body=None)
    assert raw_body(note_model, note.pk) is None
    assert note_model.objects.get(pk=note.pk).body is None
    assert note_model.objects.filter(body__isnull=True).count() == 1


def test_a_tampered_stored_value_fails_on_load(note_model: Any) -> None:
    note = note_model.objects.create(body="Harbor House")
    stored = raw_body(note_model, note.pk)
    assert stored is not None
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    table = connection.ops.quote_name(note_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET body = %s WHERE id = %s", [tampered, note.pk])
    with pytest.raises(DecryptionError):
        note_model.objects.get(pk=note.pk)


@pytest.mark.parametrize("lookup", ["body", "body__icontains", "body__startswith", "body__in"])
def test_the_database_cannot_filter_on_an_encrypted_field(note_model: Any, lookup: str) -> None:
    value: Any = ["x"] if lookup.endswith("__in") else "x"
    with pytest.raises(FieldError, match="encrypted"):
        note_model.objects.filter(**{lookup: value}).count()


def test_rotation_re_encrypts_under_the_new_key(
    note_model: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from ccrhub.audit.models import AuditEvent

    first_key = generate_key()
    settings.CCRHUB_KEYRING = ring("k1", keys={"k1": first_key})
    old = [note_model.objects.create(body=f"note {n}") for n in range(5)]
    note_model.objects.create(body=None)
    assert {key_id_of(raw_body(note_model, n.pk) or "") for n in old} == {"k1"}

    settings.CCRHUB_KEYRING = ring("k2", "k2", keys={"k1": first_key})
    # Before rotation the old values still decrypt under the old key.
    assert note_model.objects.get(pk=old[0].pk).body == "note 0"
    monkeypatch.setattr(rotate_keys.apps, "get_models", lambda: [note_model])

    call_command("rotate_keys", "--batch-size", "2")
    assert "Would re-encrypt (dry run; add --commit) 5 value(s)" in capsys.readouterr().out
    assert key_id_of(raw_body(note_model, old[0].pk) or "") == "k1"

    call_command("rotate_keys", "--commit", "--batch-size", "2")
    output = capsys.readouterr().out
    assert "Re-encrypted 5 value(s) under key 'k2'" in output
    assert "note" not in output
    assert {key_id_of(raw_body(note_model, n.pk) or "") for n in old} == {"k2"}
    assert AuditEvent.objects.filter(action="keys.rotated").count() == 1

    # Once rotated, the old key can leave the ring.
    new_only = json.loads(settings.CCRHUB_KEYRING)
    del new_only["keys"]["k1"]
    settings.CCRHUB_KEYRING = json.dumps(new_only)
    assert [n.body for n in note_model.objects.order_by("pk")] == [
        "note 0",
        "note 1",
        "note 2",
        "note 3",
        "note 4",
        None,
    ]
    crypto._parse_cached.cache_clear()
