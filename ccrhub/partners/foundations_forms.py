"""Forms of the team-foundations pages; each names its fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.partners.models import Agency, LeadershipPosition

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} — {obj.agency.name}" if obj.agency_id else str(obj)


class MissionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Mission statement"),
        help_text=_("Why the collaborative exists and what it works towards, in a few sentences."),
    )


class LeadershipForm(forms.Form):
    position = forms.ChoiceField(choices=LeadershipPosition.choices, label=_("Position"))
    user = PersonChoiceField(
        queryset=User.objects.none(), to_field_name="public_id", label=_("Person")
    )
    starts_on = forms.DateField(widget=DATE_WIDGET, label=_("Term starts on"))
    ends_on = forms.DateField(
        widget=DATE_WIDGET,
        required=False,
        label=_("Term ends on"),
        help_text=_("Leave empty if the term has no fixed end."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class EndTermForm(forms.Form):
    ends_on = forms.DateField(widget=DATE_WIDGET, label=_("Term ends on"))


class OneToOneForm(forms.Form):
    met_on = forms.DateField(widget=DATE_WIDGET, label=_("Met on"))
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", required=False, label=_("Agency")
    )
    person = forms.CharField(max_length=200, required=False, label=_("Person met"))
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label=_("Notes"),
        help_text=_("Private to you. About the relationship and the agency's work, not survivors."),
    )
    follow_up = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Follow-up")
    )
    follow_up_on = forms.DateField(widget=DATE_WIDGET, required=False, label=_("Follow up by"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
