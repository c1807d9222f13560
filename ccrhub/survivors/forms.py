"""Forms of the survivor pages; each names its fields (S4)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ccrhub.partners.models import Agency
from ccrhub.survivors.models import (
    Category,
    LawfulBasis,
    LegalInstrument,
    SpecialCategoryCondition,
    Survivor,
    WithoutConsentReason,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurvivorForm(forms.ModelForm):
    """Every field optional: collect only what the work needs (S11)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Survivor
        fields = [
            "name",
            "date_of_birth",
            "phone",
            "safe_contact",
            "address",
            "address_confidentiality",
            "substitute_address",
            "notes",
        ]
        widgets = {
            "name": forms.TextInput,
            "date_of_birth": forms.TextInput,
            "phone": forms.TextInput,
            "safe_contact": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "substitute_address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "name": _("Name"),
            "date_of_birth": _("Date of birth (or age range)"),
            "phone": _("Phone"),
            "safe_contact": _("Safe way to make contact"),
            "address": _("Address"),
            "address_confidentiality": _("Address-confidentiality programme participant"),
            "substitute_address": _("Substitute address"),
            "notes": _("Notes (never shared outside this agency)"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("address_confidentiality") and not data.get("substitute_address"):
            self.add_error("substitute_address", _("Give the substitute address of the programme."))
        return data


class ReleaseForm(forms.Form):
    """A release of information (US) or a recorded basis (UK)."""

    recipient_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Recipient agency")
    )
    categories = forms.MultipleChoiceField(
        choices=Category.choices, widget=forms.CheckboxSelectMultiple, label=_("What it covers")
    )
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Purpose"))
    signed_at = forms.DateTimeField(
        required=False, widget=DATETIME_WIDGET, label=_("Signed (or agreed) on")
    )
    expires_at = forms.DateTimeField(widget=DATETIME_WIDGET, label=_("Expires on"))
    told_not_condition_of_service = forms.BooleanField(
        required=False,
        label=_("The survivor was told that services do not depend on this release"),
    )
    given_by_party_ref = forms.CharField(
        required=False,
        max_length=200,
        label=_("Given on the survivor's behalf by (if not the survivor)"),
        help_text=_(
            "Full name and date of birth, as for a high-risk referral. It is checked "
            "against the perpetrators named in this survivor's high-risk referrals, and "
            "not kept."
        ),
    )

    def __init__(self, *args: Any, agencies: Any, approvers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["expires_at"].help_text = _(
            "Required, and at most %(months)d months after it was signed."
        ) % {"months": int(settings.CCRHUB_RELEASE_MAX_MONTHS)}
        if settings.JURISDICTION == "uk":
            self.fields["consent"] = forms.BooleanField(
                required=False, initial=True, label=_("The survivor consented")
            )
            self.fields["lawful_basis"] = forms.ChoiceField(
                choices=LawfulBasis.choices, label=_("Lawful basis")
            )
            self.fields["special_category_condition"] = forms.ChoiceField(
                choices=SpecialCategoryCondition.choices, label=_("Special-category condition")
            )
            self.fields["without_consent_reason"] = forms.ChoiceField(
                choices=[("", "—"), *WithoutConsentReason.choices],
                required=False,
                label=_("Reason to share without consent"),
            )
            self.fields["approver"] = forms.ModelChoiceField(
                queryset=approvers,
                required=False,
                to_field_name="public_id",
                label=_("Approved by (not the requester)"),
            )


class DisclosureForm(forms.Form):
    instrument = forms.ChoiceField(choices=LegalInstrument.choices, label=_("Legal instrument"))
    instrument_reference = forms.CharField(max_length=200, label=_("Reference (case or docket)"))
    requesting_body = forms.CharField(max_length=200, label=_("Requested by"))
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Categories named (the extract holds only these)"),
    )
    received_on = forms.DateField(widget=DATE_WIDGET, label=_("Received on"))


class ReviewForm(forms.Form):
    authorise = forms.TypedChoiceField(
        choices=[("1", _("Authorise the extract")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Grounds"))


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in (revoke, new incident, task done)."""
