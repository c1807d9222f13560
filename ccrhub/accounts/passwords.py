"""Password rules beyond Django's (S15): no words of this service, none of the person's own.

Django's similarity check compares a password with `first_name`/`last_name`, which our
user model does not have, and only catches passwords *close to* a value, not ones that
contain it ("Quintanilla-2024!"). `PersonalWordsValidator` refuses any password that
contains a word of the person's name, of their e-mail address (local part and domain),
or of their username.
"""

import re
import unicodedata

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User

CONTEXT_WORDS = (
    "ccrhub",
    "ccr hub",
    "coordinated",
    "community response",
    "collaborative",
    "domesticviolence",
    "domestic violence",
    "sart",
    "marac",
    "password",
    "letmein",
)

# Shorter words ("li", "jo") match too many unrelated passwords to be refused.
MIN_PERSONAL_WORD_LENGTH = 3
WORD = re.compile(r"[^\W_]+")
# Digits and signs people put in place of letters ("Qu1nt4n1lla").
LOOKALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)


class ContextWordsValidator:
    def validate(self, password: str, user: object = None) -> None:
        folded = password.lower().replace(" ", "")
        for word in CONTEXT_WORDS:
            if word.replace(" ", "") in folded:
                raise ValidationError(
                    _("Choose a password that does not contain words about this service."),
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _("Your password cannot contain words about this service.")


def _plain(text: str) -> str:
    """Case-folded, without accents: "José" and "JOSE" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def personal_words(user: AbstractBaseUser) -> set[str]:
    """The words of a person's name, e-mail address and username, as they are folded."""
    sources = [user.get_username()]
    if isinstance(user, User):
        sources += [user.full_name, user.email]
    words: set[str] = set()
    for source in sources:
        local, at, domain = _plain(source or "").partition("@")
        words.update(WORD.findall(local))
        if at:
            # Every label but the top-level one ("org", "gov", "example").
            for label in domain.split(".")[:-1]:
                words.update(WORD.findall(label))
    return {word for word in words if len(word) >= MIN_PERSONAL_WORD_LENGTH}


def _spellings(password: str) -> tuple[str, ...]:
    """The password without separators, as typed and with look-alike digits read as letters."""
    plain = _plain(password)
    return (
        "".join(WORD.findall(plain)),
        "".join(WORD.findall(plain.translate(LOOKALIKES))),
    )


class PersonalWordsValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if user is None:
            return
        spellings = _spellings(password)
        for word in personal_words(user):
            if any(word in spelling for spelling in spellings):
                raise ValidationError(
                    _("Choose a password that does not contain your name or your e-mail address."),
                    code="password_personal_word",
                )

    def get_help_text(self) -> str:
        return _("Your password cannot contain your name or parts of your e-mail address.")
