"""Model fields whose values are encrypted at rest (S9).

`EncryptedTextField` stores AES-256-GCM ciphertext (see `ccrhub.lib.crypto`) in a text
column. The associated data is the model's label and the field's name
(b"survivors.Survivor.name"), so a ciphertext copied into another column or table
fails to decrypt. The database never sees plaintext, so it cannot search it: every
lookup except `isnull` raises. Search goes through keyed hashes stored beside the value.
"""

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup, Transform

from ccrhub.lib import crypto

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedTextField(models.TextField):
    description = "Text encrypted with AES-256-GCM"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("unique") or kwargs.get("db_index"):
            raise ValueError("An encrypted field cannot be unique or indexed.")
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, *args: Any, **kw: Any
    ) -> None:
        super().contribute_to_class(cls, name, *args, **kw)
        self.aad = f"{cls._meta.label}.{name}".encode()

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(str(value), aad=self.aad)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value, aad=self.aad)

    def to_python(self, value: Any) -> str | None:
        # Values on the instance are plaintext; only the database holds ciphertext.
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_lookup(self, lookup_name: str) -> "type[Lookup[Any]] | None":
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"'{self.name}' is encrypted: the database cannot filter on it "
                f"('{lookup_name}' refused); search a keyed hash instead."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        raise FieldError(f"'{self.name}' is encrypted: no transforms ('{lookup_name}').")


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    """The encrypted columns of a concrete model (its own and inherited)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
