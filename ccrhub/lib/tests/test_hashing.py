"""Keyed hashes: stable per purpose, separate between purposes, never from SECRET_KEY."""

import hashlib
import hmac
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from ccrhub.lib.hashing import DEVELOPMENT_HMAC_KEY, keyed_hash, normalise_term


def test_the_same_value_and_purpose_give_the_same_hash() -> None:
    assert keyed_hash("OFF-123", purpose="offender") == keyed_hash("OFF-123", purpose="offender")
    assert len(keyed_hash("OFF-123", purpose="offender")) == 64


def test_purposes_are_separate_domains() -> None:
    assert keyed_hash("smith", purpose="search") != keyed_hash("smith", purpose="offender")


def test_the_hash_depends_on_the_key_not_on_secret_key(settings: Any) -> None:
    first = keyed_hash("smith", purpose="search")
    settings.SECRET_KEY = "another secret key entirely"
    assert keyed_hash("smith", purpose="search") == first
    settings.CCRHUB_HMAC_KEY = "another hmac key"
    assert keyed_hash("smith", purpose="search") != first


def test_it_is_not_a_plain_unkeyed_digest() -> None:
    assert keyed_hash("smith", purpose="search") != hashlib.sha256(b"smith").hexdigest()
    plain = hmac.new(b"", b"smith", hashlib.sha256).hexdigest()
    assert keyed_hash("smith", purpose="search") != plain


def test_outside_debug_a_missing_key_is_an_error(settings: Any) -> None:
    settings.DEBUG = False
    settings.CCRHUB_HMAC_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="CCRHUB_HMAC_KEY"):
        keyed_hash("smith", purpose="search")


def test_debug_falls_back_to_the_named_development_key(settings: Any) -> None:
    settings.DEBUG = True
    settings.CCRHUB_HMAC_KEY = ""
    fallback = keyed_hash("smith", purpose="search")
    settings.CCRHUB_HMAC_KEY = DEVELOPMENT_HMAC_KEY
    assert keyed_hash("smith", purpose="search") == fallback


def test_a_purpose_must_be_a_plain_word() -> None:
    with pytest.raises(ValueError):
        keyed_hash("smith", purpose="")
    with pytest.raises(ValueError):
        keyed_hash("smith", purpose="Search Terms")


def test_terms_are_normalised_before_hashing() -> None:
    assert normalise_term("  Maria   LOPEZ ") == normalise_term("maria lopez")
