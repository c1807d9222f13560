"""Forms of the outreach pages; each names its fields (S4)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.outreach.models import Activity, Level
from ccrhub.partners.models import Agency, Collaborative

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    """The fields of an activity; `levels` maps onto the level columns."""

    levels = forms.MultipleChoiceField(
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Socio-ecological levels"),
        help_text=_("Every level the activity acts on: one or more."),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Delivering agency")
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "agency",
            "audience_size",
            "languages",
            "setting",
            "notes",
        ]
        labels = {
            "title": _("Title"),
            "kind": _("Kind"),
            "starts_on": _("Date (or first day)"),
            "ends_on": _("Last day (campaigns and multi-day events)"),
            "audience_size": _("Audience size (people reached)"),
            "languages": _("Languages"),
            "setting": _("Setting"),
            "notes": _("Notes"),
        }
        help_texts = {
            "languages": _("For example: English, Spanish."),
            "notes": _("No survivor's details: this is about community education."),
        }
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["levels"] = self.instance.levels
            self.initial["agency"] = self.instance.agency.public_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class NewActivityForm(ActivityForm):
    """Recording one: which collaborative comes first."""

    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("Collaborative")
    )
    field_order = ["collaborative"]

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id


class RemoveForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove this activity"))
