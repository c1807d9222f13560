"""Forms of the high-risk pages; each names its fields (S4)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.highrisk.models import (
    ActionStatus,
    AttendanceKind,
    Cadence,
    RiskTarget,
)
from ccrhub.partners.models import Agency, Collaborative

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ReferralForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("High-risk team")
    )
    referred_on = forms.DateField(label=_("Date of referral"), widget=DATE_WIDGET)
    victim_ref = forms.CharField(
        label=_("Victim identifier"),
        max_length=200,
        help_text=_(
            "Full name and date of birth as your agency records them. Only a keyed hash is "
            "kept, to recognise a repeat."
        ),
    )
    perpetrator_ref = forms.CharField(
        label=_("Perpetrator identifier"),
        max_length=200,
        help_text=_("Full name and date of birth, as above. Only a keyed hash is kept."),
    )
    victim_name = forms.CharField(label=_("Victim's name (optional)"), required=False)
    perpetrator_name = forms.CharField(label=_("Perpetrator's name (optional)"), required=False)
    professional_judgement = forms.BooleanField(
        label=_("Referred on professional judgement"), required=False
    )
    judgement_reasons = forms.CharField(
        label=_("Reasons for professional judgement"), required=False, widget=TEXT
    )
    linked_case = forms.CharField(
        label=_("Tracking case reference (optional)"),
        required=False,
        max_length=64,
        help_text=_("Counts the police-reported incidents of the last 12 months."),
    )
    victim_knows = forms.BooleanField(label=_("The victim knows of this referral"), required=False)
    consented = forms.BooleanField(label=_("The victim consented"), required=False)
    without_consent_justification = forms.CharField(
        label=_("Why the information is shared without consent"), required=False, widget=TEXT
    )
    safe_contacts = forms.CharField(
        label=_("Safe to contact (who, how, when)"), required=False, widget=TEXT
    )
    unsafe_contacts = forms.CharField(label=_("Not safe to contact"), required=False, widget=TEXT)
    children_count = forms.IntegerField(label=_("Number of children"), min_value=0, initial=0)
    children_under_18 = forms.BooleanField(
        label=_("Children under 18 in the household"), required=False
    )
    earlier_referrals_elsewhere = forms.CharField(
        label=_("Earlier referrals to other high-risk teams"), required=False, max_length=300
    )
    transferred_from_area = forms.CharField(
        label=_("Transferred from another area's team (name the area)"),
        required=False,
        max_length=200,
    )
    victim_minoritised = forms.BooleanField(
        label=_("Victim from a minoritised group"), required=False
    )
    victim_disabled = forms.BooleanField(label=_("Victim has a disability"), required=False)
    victim_lgbt = forms.BooleanField(label=_("Victim is LGBT+"), required=False)
    victim_male = forms.BooleanField(label=_("Victim is male"), required=False)
    victim_aged_16_17 = forms.BooleanField(label=_("Victim aged 16–17"), required=False)
    perpetrator_under_18 = forms.BooleanField(
        label=_("Perpetrator aged 17 or under"), required=False
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("professional_judgement") and not data.get("judgement_reasons", "").strip():
            self.add_error("judgement_reasons", _("Give the reasons for your judgement."))
        if not data.get("consented") and not data.get("without_consent_justification", "").strip():
            self.add_error(
                "without_consent_justification",
                _("Sharing without consent needs its justification recorded."),
            )
        return data


class ConferenceForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("High-risk team")
    )
    held_on = forms.DateField(label=_("Date of the conference"), widget=DATE_WIDGET)
    cadence = forms.ChoiceField(
        choices=Cadence.choices, label=_("How often the team meets"), initial=Cadence.MONTHLY
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id


class ReturnForm(forms.Form):
    case = forms.UUIDField(widget=forms.HiddenInput)
    content = forms.CharField(label=_("What your agency holds"), required=False, widget=TEXT)
    nothing_known = forms.BooleanField(label=_("Nothing known to my agency"), required=False)


class DiscussedForm(forms.Form):
    seconds = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=TEXT)
    risk_target = forms.ChoiceField(choices=RiskTarget.choices, label=_("Risk it addresses"))
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Owning agency")
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        to_field_name="public_id",
        label=_("Owning person (optional)"),
        required=False,
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, agencies: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))
    status_note = forms.CharField(
        label=_("Note (required when not completed)"), required=False, widget=TEXT
    )


class AttendanceForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Agency")
    )
    person_name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(choices=AttendanceKind.choices, label=_("Attending as"))
    confidentiality_signed = forms.BooleanField(
        label=_("Signed the confidentiality statement"), required=False
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(
        label=_("Minutes (restricted)"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )


class TeamSettingsForm(forms.Form):
    adult_women_population = forms.IntegerField(
        label=_("Women aged 16 and over living in the area"),
        help_text=_("For cases per 10,000 adult women, against the benchmark of 40."),
        min_value=1,
        required=False,
    )
    escalation_incidents = forms.IntegerField(
        label=_("Police-reported incidents in 12 months that count as potential escalation"),
        help_text=_("Leave empty for the deployment's setting."),
        min_value=1,
        max_value=20,
        required=False,
    )


class TransferForm(forms.Form):
    to_collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(),
        to_field_name="public_id",
        label=_("Receiving high-risk team"),
    )
    referred_on = forms.DateField(label=_("Date of the transfer"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_collaborative"].queryset = teams  # type: ignore[attr-defined]
