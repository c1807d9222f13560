from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.cases import stages
from ccrhub.cases.models import Case, Order, ResponseKind, ViolationKind
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


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _outcome_choices() -> list[tuple[str, Any]]:
    """Outcomes grouped by stage; the action checks the pair against the stage model."""
    choices: list[tuple[str, Any]] = [("", _("None recorded"))]
    for stage in stages.stages():
        if stage.outcomes:
            choices.append((stage.label, [(o.code, o.label) for o in stage.outcomes]))
    return choices


class AgencyOnBehalfMixin(forms.Form):
    """Coordinators name the member agency they record for; others record for their own."""

    def add_agency_field(self, name: str, agencies: Any) -> None:
        if agencies is None:
            return
        self.fields[name] = forms.ModelChoiceField(
            queryset=agencies,
            to_field_name="public_id",
            label=_("Recorded for agency"),
        )


class EventForm(AgencyOnBehalfMixin, forms.Form):
    stage = forms.ChoiceField(label=_("Stage"))
    occurred_on = forms.DateField(label=_("Date"), widget=_date_widget())
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    track = forms.CharField(
        max_length=64,
        required=False,
        label=_("Charge or order reference"),
        help_text=_("Leave blank for the case as a whole. Never a name."),
    )

    def __init__(
        self, *args: Any, stage_choices: list[tuple[str, str]], agencies: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stage_choices  # type: ignore[attr-defined]
        self.fields["outcome"].choices = _outcome_choices()  # type: ignore[attr-defined]
        self.add_agency_field("agency", agencies)


class EventEditForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=_date_widget())
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    track = forms.CharField(max_length=64, required=False, label=_("Charge or order reference"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    CHANGES = ("occurred_on", "outcome", "track")

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spec = stages.stage(stage)
        outcomes = [("", _("None recorded")), *((o.code, o.label) for o in spec.outcomes)]
        self.fields["outcome"].choices = outcomes  # type: ignore[attr-defined]


class OrderForm(AgencyOnBehalfMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of order"))
    issued_on = forms.DateField(label=_("Issued on"), widget=_date_widget())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=_date_widget())
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("no_contact", _("No contact")),
            ("stay_away", _("Stay away")),
            ("firearms_surrender", _("Firearms surrender")),
            ("gps_monitoring", _("GPS monitoring")),
            ("attend_bip", _("Attend an intervention program")),
            ("no_alcohol", _("No alcohol")),
            ("move_out", _("Move out of the shared home")),
            ("other", _("Other")),
        ],
    )
    track = forms.CharField(max_length=64, required=False, label=_("Charge or order reference"))

    def __init__(
        self, *args: Any, kind_choices: list[tuple[str, str]], agencies: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices  # type: ignore[attr-defined]
        self.add_agency_field("issued_by", agencies)


class OrderServeForm(AgencyOnBehalfMixin, forms.Form):
    served_on = forms.DateField(label=_("Served on"), widget=_date_widget())

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_agency_field("served_by", agencies)


class ViolationForm(AgencyOnBehalfMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ViolationKind.choices)
    detected_on = forms.DateField(label=_("Detected on"), widget=_date_widget())
    order = forms.ModelChoiceField(
        queryset=Order.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Order violated"),
    )

    def __init__(self, *args: Any, orders: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = orders  # type: ignore[attr-defined]
        self.add_agency_field("reported_by", agencies)


class ViolationResponseForm(AgencyOnBehalfMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Response"), choices=ResponseKind.choices)
    responded_on = forms.DateField(label=_("Responded on"), widget=_date_widget())

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_agency_field("agency", agencies)


class CaseFilterForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Collaborative"),
    )
    reference = forms.CharField(
        max_length=64,
        required=False,
        label=_("Agency reference"),
        help_text=_("The whole reference, or its first letters and digits."),
    )
    match = forms.ChoiceField(
        choices=[("prefix", _("Starts with")), ("exact", _("Is exactly"))],
        required=False,
        initial="prefix",
        label=_("Match the reference"),
    )
    agency_case_number = forms.CharField(
        max_length=64, required=False, label=_("Agency case number")
    )
    stage = forms.ChoiceField(required=False, label=_("Current stage"))
    opened_after = forms.DateField(
        required=False, label=_("Opened on or after"), widget=_date_widget()
    )
    opened_before = forms.DateField(
        required=False, label=_("Opened on or before"), widget=_date_widget()
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        choices = [("", _("Any stage")), *((s.code, s.label) for s in stages.stages())]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip()

    def clean_agency_case_number(self) -> str:
        return str(self.cleaned_data["agency_case_number"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        after, before = data.get("opened_after"), data.get("opened_before")
        if after and before and after > before:
            self.add_error(
                "opened_before", _("The end of the period must not be before its start.")
            )
        return data
