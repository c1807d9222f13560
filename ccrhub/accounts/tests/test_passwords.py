"""Passwords: at least 12 characters, not common, not about this service, not made of
the person's own name or e-mail address (S15)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from ccrhub.accounts.models import User
from ccrhub.accounts.tests.conftest import PASSWORD


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


@pytest.mark.parametrize(
    "password",
    [
        "Quintanilla-lantern-2024",  # the family name
        "marisol orchard pebble",  # the given name
        "Qu1nt4n1lla orchard 99",  # the family name in look-alike digits
        "orchard pebble officer7",  # the e-mail's local part
        "lantern rpd-police orchard",  # a word of the e-mail's domain
    ],
)
def test_a_password_containing_the_persons_own_words_is_refused(password: str, db: None) -> None:
    user = User(email="officer7@rpd-police.example", full_name="Marisol Quintanilla")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert "password_personal_word" in [error.code for error in refused.value.error_list]


def test_a_name_with_accents_is_refused_however_it_is_typed(db: None) -> None:
    user = User(email="jmunoz@court.example", full_name="José Muñoz")
    with pytest.raises(ValidationError):
        validate_password("lantern MUNOZ orchard 7", user)


def test_a_passphrase_without_the_persons_words_is_accepted_for_them(db: None) -> None:
    user = User(email="officer7@rpd-police.example", full_name="Marisol Quintanilla")
    validate_password("lantern orchard pebble quietly", user)


def test_the_password_rules_name_the_persons_own_words_in_their_help(settings: object) -> None:
    from django.contrib.auth.password_validation import password_validators_help_texts

    assert "Your password cannot contain your name or parts of your e-mail address." in (
        password_validators_help_texts()
    )


def test_alice_cannot_change_her_password_to_one_with_her_name(signed_in: Client) -> None:
    response = signed_in.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Member-of-the-lantern-team",
            "password2": "Member-of-the-lantern-team",
        },
    )
    assert response.status_code == 200
    assert b"does not contain your name" in response.content
