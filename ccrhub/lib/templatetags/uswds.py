"""`{{ field|usa_widget }}`: a form field's widget with the U.S. Web Design System classes."""

from django import template
from django.forms import (
    BoundField,
    CheckboxInput,
    CheckboxSelectMultiple,
    RadioSelect,
    Select,
    Textarea,
)
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def usa_widget(field: BoundField) -> SafeString:
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        css = "usa-checkbox__input"
    elif isinstance(widget, Select):
        css = "usa-select"
    elif isinstance(widget, Textarea):
        css = "usa-textarea"
    else:
        css = "usa-input"
    if field.errors:
        css += " usa-input--error"
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def choice_list(field: BoundField) -> str:
    """ "radio" or "checkbox" for a field drawn as a list of choices (a USWDS fieldset of
    radio buttons or checkboxes); "" for every other field."""
    widget = field.field.widget
    if isinstance(widget, RadioSelect):
        return "radio"
    if isinstance(widget, CheckboxSelectMultiple):
        return "checkbox"
    return ""
