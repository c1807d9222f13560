"""Forms of the cross-training and participation pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.meetings.forms import DATETIME_WIDGET
from ccrhub.meetings.models import Meeting, Participant, ParticipantKind
from ccrhub.partners.models import Agency

TEXT = forms.Textarea(attrs={"rows": 3})


class TrainingSessionForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Presenting agency")
    )
    title = forms.CharField(max_length=200, label=_("Title"))
    starts_at = forms.DateTimeField(widget=DATETIME_WIDGET, label=_("Starts at"))
    duration_minutes = forms.IntegerField(
        min_value=15, max_value=480, initial=60, label=_("Minutes")
    )
    location = forms.CharField(max_length=300, required=False, label=_("Where"))
    services = forms.CharField(widget=TEXT, required=False, label=_("Services"))
    hours = forms.CharField(widget=TEXT, required=False, label=_("Hours of service"))
    policies = forms.CharField(widget=TEXT, required=False, label=_("Policies to know"))
    contacts = forms.CharField(widget=TEXT, required=False, label=_("Contacts"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class TrainingAttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who attended"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.full_name or user.email} — {user.agency or _('no agency')}"
        )


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(choices=ParticipantKind.choices, label=_("Taking part as"))
    name = forms.CharField(max_length=200, label=_("Name (as they wish to be recorded)"))
    hourly_rate = forms.DecimalField(
        min_value=0, max_digits=8, decimal_places=2, label=_("Stipend per hour")
    )


class ParticipationForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(), to_field_name="public_id", label=_("Who")
    )
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("On"))
    hours = forms.DecimalField(min_value=0, max_digits=6, decimal_places=2, label=_("Hours"))
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("At the meeting"),
        help_text=_("Or name the activity below."),
    )
    activity = forms.CharField(max_length=200, required=False, label=_("Activity"))

    def __init__(self, *args: Any, participants: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]
        self.fields["participant"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
