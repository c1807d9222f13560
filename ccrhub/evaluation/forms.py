"""Forms of the evaluation pages; each names its fields (S4)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.evaluation import registry
from ccrhub.evaluation.models import Goal, Indicator, ProgressReview, ReportSettings, Story
from ccrhub.partners.models import Collaborative

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.ModelForm):
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Owner (answers for the goal's progress)"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = ["title", "description", "owner", "position"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "position": _("Order on the scorecard"),
        }

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            if self.instance.owner_id:
                self.initial["owner"] = self.instance.owner.public_id


class NewGoalForm(GoalForm):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(),
        to_field_name="public_id",
        label=_("Collaborative"),
    )
    field_order = ["collaborative"]

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id


class IndicatorForm(forms.ModelForm):
    measure = forms.ChoiceField(
        required=False,
        label=_("Measure (computed indicators)"),
        help_text=_("The live figure the indicator follows."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = [
            "title",
            "question",
            "level",
            "source",
            "measure",
            "unit",
            "source_note",
            "baseline",
            "target",
            "direction",
            "is_public",
            "position",
        ]
        labels = {
            "title": _("Title"),
            "question": _("Which question it answers"),
            "level": _("Kind of indicator"),
            "source": _("Where the figures come from"),
            "unit": _("Unit (hand-entered indicators)"),
            "source_note": _("Source of hand-entered figures"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            "direction": _("Direction of good"),
            "is_public": _("Show on the public report (small counts are always hidden)"),
            "position": _("Order"),
        }
        help_texts = {
            "baseline": _("A share as a fraction: 0.5 for 50%."),
            "target": _("A share as a fraction: 0.5 for 50%."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *registry.choices()]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class MeasurementForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period to"), widget=DATE_WIDGET)
    numerator = forms.IntegerField(min_value=0, label=_("Count (the numerator of a share)"))
    denominator = forms.IntegerField(
        min_value=0, required=False, label=_("Denominator (shares only)")
    )
    source = forms.CharField(max_length=300, required=False, label=_("Source"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end cannot be before the start."))
        return data


class ReviewForm(forms.ModelForm):
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Goal (leave empty for the whole collaborative)"),
    )

    class Meta:
        model = ProgressReview
        fields = [
            "held_on",
            "goal",
            "continue_doing",
            "start_doing",
            "stop_doing",
            "gaps",
            "successes",
        ]
        labels = {
            "held_on": _("Held on"),
            "continue_doing": _("What can we continue doing?"),
            "start_doing": _("What can we start doing?"),
            "stop_doing": _("What can we avoid or stop doing?"),
            "gaps": _("What are the gaps? Where do victims fall through the cracks?"),
            "successes": _("Successes to celebrate"),
        }
        widgets = {"held_on": DATE_WIDGET}

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "body", "language", "written_on", "is_published"]
        labels = {
            "title": _("Title"),
            "body": _("Story"),
            "language": _("Language"),
            "written_on": _("Written on"),
            "is_published": _("Publish on the public report"),
        }
        help_texts = {
            "body": _(
                "What changed in how the community responds. Never name or describe a "
                "survivor or a case."
            )
        }
        widgets = {"written_on": DATE_WIDGET}


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["is_public", "intro", "adult_women"]
        labels = {
            "is_public": _("Publish a public report for this collaborative"),
            "intro": _("Introduction on the public report"),
            "adult_women": _("Adult women (16+) in the area served"),
        }
        help_texts = {"adult_women": _("For the MARAC volume reference: cases per 10,000.")}


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], label=_("Format"))
    purpose = forms.CharField(
        max_length=300,
        label=_("Purpose"),
        help_text=_("Why you need this file; it is recorded in the audit trail."),
    )
