"""Forms of the protocol pages; each names its fields (S4). They parse, never save."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.cases import stages
from ccrhub.partners.models import Agency, Collaborative, Sector
from ccrhub.protocols.models import Kind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def stage_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in stages.stages()]


class DraftForm(forms.Form):
    """A protocol's details and its working draft; `version` is the protocol's version
    the editor read (optimistic concurrency)."""

    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Kind"))
    review_due_on = forms.DateField(
        required=False,
        widget=DATE_WIDGET,
        label=_("Review due on"),
        help_text=_("Coordinators are reminded by e-mail as the date approaches."),
    )
    governed_stages = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Stages it governs"),
        help_text=_("Steps of the offender-accountability stage model this document governs."),
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20}),
        label=_("Text"),
        help_text=_("Plain text; one paragraph or clause per line makes the comparison clearer."),
    )
    change_summary = forms.CharField(
        max_length=500, required=False, label=_("What changed in this version")
    )
    retraining_roles = forms.MultipleChoiceField(
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles to re-train when adopted"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governed_stages"].choices = stage_choices()  # type: ignore[attr-defined]


class NewProtocolForm(DraftForm):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("Collaborative")
    )
    field_order = ["collaborative"]

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id


class StepForm(forms.Form):
    """Submit, adopt or retire: only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class RetireForm(StepForm):
    confirm = forms.BooleanField(label=_("Yes, retire this protocol"))


class SignForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        label=_("Signing for"),
        empty_label=None,
    )
    signer_name = forms.CharField(
        max_length=200,
        label=_("Name of the person signing"),
        help_text=_("As printed on the signed PDF."),
    )
    signer_title = forms.CharField(max_length=200, label=_("Their title"))
    confirm = forms.BooleanField(
        label=_("I am authorised to adopt this version on behalf of the agency")
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ResponsibilityForm(forms.Form):
    area = forms.CharField(
        max_length=120,
        label=_("Area"),
        help_text=_("The heading it sits under, e.g. Law enforcement."),
    )
    text = forms.CharField(max_length=300, label=_("Responsibility"))
    agencies: forms.ModelMultipleChoiceField[Agency] = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Agencies responsible"),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove it"))
