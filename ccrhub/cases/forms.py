from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.cases.models import Case
from ccrhub.partners.models import Collaborative, Unit


class CaseOpenForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id"
    )
    external_ref = forms.CharField(max_length=64, label=_("Agency reference"))
    agency_case_number = forms.CharField(max_length=64, required=False)
    offender_ref = forms.CharField(
        max_length=64,
        label=_("Offender identifier"),
        help_text=_("Your agency's identifier for the offender. Only a keyed hash is kept."),
    )
    opened_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]


class CaseEditForm(forms.ModelForm[Case]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["agency_case_number", "opened_on"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"})}


class RestrictionForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        label=_("Person"),
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    party = forms.BooleanField(
        required=False, label=_("This person is a party to the case (never lifted)")
    )

    def __init__(self, *args: Any, users: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("user")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose either one person or one unit."))
        if data.get("party") and not data.get("user"):
            raise forms.ValidationError(_("A party is a person, not a unit."))
        return data
