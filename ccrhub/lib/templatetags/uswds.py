"""`{{ field|usa_widget }}`: a form field's widget with the U.S. Web Design System classes."""

from django import template
from django.forms import (
    BoundField,
    CheckboxInput,
    RadioSelect,
    Select,
    Textarea,
)
from django.forms.widgets import ChoiceWidget
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
    """ "checkbox" for a field that takes several choices, "radio" for one drawn as radio
    buttons (each a USWDS fieldset); "" for every other field.

    Multiple is asked first and of the widget itself: `CheckboxSelectMultiple` is a
    subclass of `RadioSelect`, and a multiple field drawn as radio buttons would send
    back one of its stored values and silently drop the rest. A plain `SelectMultiple`
    is drawn as checkboxes too, the one control for several choices on every page.
    """
    widget = field.field.widget
    if isinstance(widget, ChoiceWidget) and widget.allow_multiple_selected:
        return "checkbox"
    if isinstance(widget, RadioSelect):
        return "radio"
    return ""
