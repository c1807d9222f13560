"""AES-256-GCM encryption of survivor data under a key ring kept outside the database (S9).

The key ring comes from settings, never from the database and never from SECRET_KEY:
`CCRHUB_KEYRING` (a JSON string) or `CCRHUB_KEYRING_FILE` (the path of a JSON file):

    {"active": "k2", "keys": {"k1": "<base64 of 32 bytes>", "k2": "<base64 of 32 bytes>"}}

New values are encrypted with the active key; every key in the ring still decrypts,
so a rotation adds a key, makes it active, runs `manage.py rotate_keys --commit`
and only then removes the old key.

A stored value is URL-safe base64 text of:

    version (1 byte) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext+tag

The header (version and key id) and the caller's associated data are both
authenticated, so a value cannot be moved to another column or have its key id
edited without failing to decrypt.
"""

import base64
import binascii
import json
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class DecryptionError(Exception):
    """A stored value could not be decrypted: tampered, truncated, wrong key or wrong field."""


@dataclass(frozen=True)
class KeyRing:
    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise DecryptionError(f"Key '{key_id}' is not in the key ring.") from None


def generate_key() -> str:
    """A fresh 256-bit key as base64 text, the form the key ring file holds."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def generate_keyring(key_id: str = "k1") -> dict[str, object]:
    """A new key ring with one active key (for demo set-up and tests)."""
    return {"active": key_id, "keys": {key_id: generate_key()}}


def parse_keyring(raw: str) -> KeyRing:
    """Parse and validate a key ring's JSON text; errors never echo key material."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured("The encryption key ring is not valid JSON.") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise ImproperlyConfigured('The encryption key ring needs "active" and "keys".')
    keys: dict[str, bytes] = {}
    for key_id, encoded in data["keys"].items():
        if not KEY_ID_PATTERN.match(str(key_id)):
            raise ImproperlyConfigured("Key ids are 1-64 letters, digits, '.', '_' or '-'.")
        try:
            key = base64.b64decode(str(encoded), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"Key '{key_id}' is not valid base64.") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"Key '{key_id}' must be exactly 32 bytes (AES-256).")
        keys[str(key_id)] = key
    active = data.get("active")
    if active not in keys:
        raise ImproperlyConfigured("The active key id is not among the key ring's keys.")
    return KeyRing(active=str(active), keys=keys)


@lru_cache(maxsize=8)
def _parse_cached(raw: str) -> KeyRing:
    return parse_keyring(raw)


@lru_cache(maxsize=8)
def _read_file_cached(path: str, mtime_ns: int) -> KeyRing:
    return parse_keyring(Path(path).read_text(encoding="utf-8"))


def keyring() -> KeyRing:
    """The configured key ring; ImproperlyConfigured only when encryption is actually used."""
    raw = settings.CCRHUB_KEYRING
    if raw:
        return _parse_cached(raw)
    path = settings.CCRHUB_KEYRING_FILE
    if path:
        try:
            mtime_ns = os.stat(path).st_mtime_ns
        except OSError:
            raise ImproperlyConfigured(
                f"CCRHUB_KEYRING_FILE points to {path!r}, which cannot be read."
            ) from None
        return _read_file_cached(path, mtime_ns)
    raise ImproperlyConfigured(
        "No encryption key ring: set CCRHUB_KEYRING (JSON) or CCRHUB_KEYRING_FILE (a path "
        "to a JSON file). In development `manage.py ensure_demo_keyring` writes one."
    )


def _header(key_id: str) -> bytes:
    encoded = key_id.encode("ascii")
    return bytes([FORMAT_VERSION, len(encoded)]) + encoded


def encrypt(plaintext: str, *, aad: bytes) -> str:
    """Encrypt `plaintext` with the active key, bound to `aad` (e.g. b"app.Model.field")."""
    ring = keyring()
    header = _header(ring.active)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.active)).encrypt(nonce, plaintext.encode("utf-8"), header + aad)
    return base64.urlsafe_b64encode(header + nonce + sealed).decode("ascii")


def _split(token: str) -> tuple[bytes, str, bytes, bytes]:
    """(header, key id, nonce, ciphertext+tag) of a stored value."""
    try:
        blob = base64.urlsafe_b64decode(token.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DecryptionError("The stored value is not valid ciphertext.") from None
    if len(blob) < 2 or blob[0] != FORMAT_VERSION:
        raise DecryptionError("The stored value has an unknown format version.")
    id_end = 2 + blob[1]
    if len(blob) < id_end + NONCE_BYTES + 16:
        raise DecryptionError("The stored value is truncated.")
    try:
        key_id = blob[2:id_end].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("The stored value has a malformed key id.") from None
    return blob[:id_end], key_id, blob[id_end : id_end + NONCE_BYTES], blob[id_end + NONCE_BYTES :]


def decrypt(token: str, *, aad: bytes) -> str:
    """Decrypt a value from `encrypt`; DecryptionError if it was altered or belongs elsewhere."""
    header, key_id, nonce, sealed = _split(token)
    key = keyring().key(key_id)
    try:
        plaintext = AESGCM(key).decrypt(nonce, sealed, header + aad)
    except InvalidTag:
        raise DecryptionError(
            "The stored value failed authentication (tampered, or not for this field)."
        ) from None
    return plaintext.decode("utf-8")


def key_id_of(token: str) -> str:
    """The id of the key a stored value was encrypted with (no decryption)."""
    return _split(token)[1]


def needs_rotation(token: str) -> bool:
    return key_id_of(token) != keyring().active
