"""Password rule beyond Django's: no words of this service or this field (S15)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
