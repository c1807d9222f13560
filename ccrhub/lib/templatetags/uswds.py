"""`{{ field|usa_widget }}`: a form field's widget with the U.S. Web Design System classes."""

from django import template
from django.forms import BoundField, CheckboxInput, Select, Textarea
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
