"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError


def add_action_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's refusal on the form: beside the field it names when the form has
    that field, otherwise at the top of the form. Nothing the person typed is lost."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
