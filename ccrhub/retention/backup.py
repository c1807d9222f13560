"""Encrypted backups and restores of the whole database and the uploaded files (S30).

A backup is a text file: a plain header line (format, time, key id — nothing secret),
then frames, each one JSON document encrypted with the key ring's active key and bound
to its position (a frame cannot be moved, dropped or swapped unnoticed). Frames hold
rows (Django's serializer, natural keys for content types), files, and last the
manifest: per model the row count and a SHA-256 over its rows in id order.

A restore replaces everything: it reads the current purge ledger, empties the tables,
loads the backup in one transaction, checks counts and checksums against the manifest,
then replays the ledger so what was purged after the backup stays purged. Without the
key ring a backup is unreadable; keep the two apart.

PostgreSQL operators will also want `pg_dump` for point-in-time recovery (see
docs/deploy.md); this format is engine-neutral and restores into SQLite or PostgreSQL.
"""

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from ccrhub.audit.integrity import append_only_suspended
from ccrhub.cases import aggregates
from ccrhub.lib import crypto
from ccrhub.retention import purge
from ccrhub.retention.models import Tombstone

FORMAT = "ccrhub-backup"
FORMAT_VERSION = 1
CHUNK_ROWS = 1000
FILE_CHUNK_BYTES = 512 * 1024
# Rebuilt by `migrate` (content types, permissions) or transient (sessions, task results).
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "accounts.usersession",
    "django_tasks_db.dbtaskresult",
    # Derived counts the database keeps by difference: recomputed after a restore.
    "cases.metriccell",
}


class BackupError(Exception):
    """The backup cannot be read, or does not match its manifest."""


@dataclass
class Manifest:
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def backed_up_models() -> list[type[models.Model]]:
    app_list: dict[Any, None] = {config: None for config in apps.get_app_configs()}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in SKIPPED and not model._meta.proxy and model._meta.managed
    ]


# Writing ---------------------------------------------------------------------------


def write_backup(path: Path) -> Manifest:
    created_at = timezone.now().isoformat()
    key_id = crypto.keyring().active
    manifest = Manifest()
    with open(path, "w", encoding="ascii") as out:
        header = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": created_at}
        out.write(json.dumps({**header, "key_id": key_id}) + "\n")
        writer = _FrameWriter(out, created_at)
        for model in backed_up_models():
            manifest.models[model._meta.label_lower] = _write_model(writer, model)
        for name in _stored_files():
            manifest.files[name] = _write_file(writer, name)
        writer.write({"kind": "manifest", "models": manifest.models, "files": manifest.files})
    return manifest


class _FrameWriter:
    def __init__(self, out: TextIO, created_at: str) -> None:
        self.out, self.created_at, self.count = out, created_at, 0

    def write(self, frame: dict[str, Any]) -> None:
        aad = _frame_aad(self.created_at, self.count)
        self.out.write(crypto.encrypt(json.dumps(frame, default=str), aad=aad) + "\n")
        self.count += 1


def _frame_aad(created_at: str, index: int) -> bytes:
    return f"{FORMAT}:{created_at}:{index}".encode()


def _rows(model: type[models.Model]) -> Iterator[list[dict[str, Any]]]:
    queryset = model._base_manager.order_by("pk")
    chunk: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=CHUNK_ROWS):
        chunk.append(obj)
        if len(chunk) == CHUNK_ROWS:
            yield _serialise(chunk)
            chunk = []
    if chunk:
        yield _serialise(chunk)


def _serialise(objects: list[models.Model]) -> list[dict[str, Any]]:
    return serializers.serialize("python", objects, use_natural_foreign_keys=True)


def _write_model(writer: _FrameWriter, model: type[models.Model]) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    for chunk in _rows(model):
        writer.write({"kind": "rows", "model": model._meta.label_lower, "objects": chunk})
        _digest_rows(digest, chunk)
        count += len(chunk)
    return {"rows": count, "sha256": digest.hexdigest()}


def _digest_rows(digest: Any, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode() + b"\n")


def _storage_root() -> Path:
    return Path(default_storage.path(""))


def _stored_files() -> list[str]:
    root = _storage_root()
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _write_file(writer: _FrameWriter, name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        part = 0
        while data := handle.read(FILE_CHUNK_BYTES):
            digest.update(data)
            encoded = base64.b64encode(data).decode()
            writer.write({"kind": "file", "name": name, "part": part, "data": encoded})
            part += 1
    return digest.hexdigest()


# Reading and restoring ----------------------------------------------------------------


def read_frames(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="ascii") as source:
        try:
            header = json.loads(source.readline())
        except ValueError:
            raise BackupError("This is not a CCR Hub backup (no header).") from None
        if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            raise BackupError("This is not a CCR Hub backup of a format this version reads.")
        for index, line in enumerate(source):
            try:
                text = crypto.decrypt(line.strip(), aad=_frame_aad(header["created_at"], index))
            except crypto.DecryptionError:
                raise BackupError(
                    f"Frame {index} cannot be decrypted: wrong key ring, or the file was altered."
                ) from None
            yield json.loads(text)


def read_manifest(path: Path) -> Manifest:
    last: dict[str, Any] | None = None
    for frame in read_frames(path):
        last = frame
    if not last or last.get("kind") != "manifest":
        raise BackupError("The backup is incomplete: it has no manifest.")
    return Manifest(models=last["models"], files=last["files"])


@dataclass
class RestoreReport:
    rows: int
    files: int
    replayed: int


def restore_backup(path: Path) -> RestoreReport:
    manifest = read_manifest(path)  # refuses a broken file before anything is touched
    ledger = list(Tombstone.objects.order_by("id"))
    with transaction.atomic():
        _empty_tables()
        rows = _load_rows(path)
        aggregates.rebuild()
        _reset_sequences()
        problems = verify_against(manifest)
        if problems:
            raise BackupError(
                "The restored data does not match the manifest: " + "; ".join(problems)
            )
        _merge_ledger(ledger)
    files = _restore_files(path)
    replayed = purge.replay(list(Tombstone.objects.order_by("id")))
    return RestoreReport(rows=rows, files=files, replayed=replayed)


def _empty_tables() -> None:
    tables = [m._meta.db_table for m in backed_up_models()]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with append_only_suspended(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred checks still pending in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load_rows(path: Path) -> int:
    loaded = 0
    with connection.constraint_checks_disabled():
        for frame in read_frames(path):
            if frame["kind"] != "rows":
                continue
            for obj in serializers.deserialize(
                "python", frame["objects"], handle_forward_references=True
            ):
                obj.save()
                loaded += 1
    connection.check_constraints()
    return loaded


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def verify_against(manifest: Manifest) -> list[str]:
    """Differences between the database and a manifest, model by model."""
    problems = []
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    for label, expected in manifest.models.items():
        model = by_label.get(label)
        if model is None:
            problems.append(f"{label}: not in this version")
            continue
        digest, count = hashlib.sha256(), 0
        for chunk in _rows(model):
            _digest_rows(digest, chunk)
            count += len(chunk)
        if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
            problems.append(f"{label}: {count} rows (backup {expected['rows']}) or checksum differ")
    return problems


def _merge_ledger(current: list[Tombstone]) -> None:
    restored = set(Tombstone.objects.values_list("category", "object_id", "purged_at"))
    for tombstone in current:
        if (tombstone.category, tombstone.object_id, tombstone.purged_at) not in restored:
            Tombstone.objects.create(
                category=tombstone.category,
                object_type=tombstone.object_type,
                object_id=tombstone.object_id,
                fields=tombstone.fields,
                purged_at=tombstone.purged_at,
            )


def _restore_files(path: Path) -> int:
    root = _storage_root()
    written: set[str] = set()
    for frame in read_frames(path):
        if frame["kind"] != "file":
            continue
        target = (root / frame["name"]).resolve()
        if root.resolve() not in target.parents:
            raise BackupError(f"A file in the backup points outside the storage: {frame['name']}")
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = "ab" if frame["name"] in written else "wb"
        with open(target, mode) as handle:
            handle.write(base64.b64decode(frame["data"]))
        written.add(frame["name"])
    return len(written)
