"""Forms of the risk pages: one row per instrument item (answer, source, comment)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccrhub.risk.instruments import Instrument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANSWER_LABELS = {
    "yes": _("Yes"),
    "no": _("No"),
    "dont_know": _("Don't know"),
    "not_answered": _("Not answered"),
}


class AssessmentForm(forms.Form):
    """Answers item by item; the wording is the content pack's when installed."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET)
    judgement_raised = forms.BooleanField(
        required=False,
        label=_("Professional judgement: refer although the threshold is not met"),
    )
    judgement_reasons = forms.CharField(
        required=False,
        label=_("Reasons for the professional judgement"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, instrument: Instrument, wording: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["assessed_on"].initial = timezone.localdate()
        choices = [(answer, ANSWER_LABELS.get(answer, answer)) for answer in instrument.answers]
        self.rows: list[dict[str, Any]] = []
        for item in instrument.items:
            text = wording.get(item.id) or item.gist
            answer = f"{item.id}__answer"
            source = f"{item.id}__source"
            comment = f"{item.id}__comment"
            self.fields[answer] = forms.ChoiceField(
                choices=choices,
                initial="not_answered",
                widget=forms.RadioSelect,
                label=f"{item.number}. {text}",
            )
            self.fields[source] = forms.CharField(
                required=False, max_length=200, label=_("Source of information")
            )
            self.fields[comment] = forms.CharField(
                required=False, max_length=2000, label=_("Comment")
            )
            self.rows.append(
                {"item": item, "text": text, "fields": [self[answer], self[source], self[comment]]}
            )

    def answers(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            item.id: {
                "answer": data[f"{item.id}__answer"],
                "source": data[f"{item.id}__source"],
                "comment": data[f"{item.id}__comment"],
            }
            for item in self.instrument.items
        }
