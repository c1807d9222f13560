"""Passwords: at least 12 characters, not common, not about this service (S15)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ccrhub.accounts.models import User


@pytest.mark.parametrize(
    "password",
    [
        "short words",  # 11 characters
        "passwordpassword",  # common list and context word
        "qwerty123456",  # common list
        "1qaz2wsx3edc",  # common list
        "my ccrhub login 2024",  # context word
        "Coordinated-Response-99",  # context word, in any case
        "domestic violence team",  # context word with spaces
    ],
)
def test_weak_passwords_are_refused(password: str, db: None) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_password_like_the_email_is_refused(db: None) -> None:
    user = User(email="riverbend.officer@police.example")
    with pytest.raises(ValidationError):
        validate_password("riverbend.officer@police", user)


def test_a_long_passphrase_without_composition_rules_is_accepted(db: None) -> None:
    validate_password("lantern orchard pebble quietly")


def test_passwords_are_hashed_with_argon2_in_production(settings: object) -> None:
    from ccrhub import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
