"""Forms of the review pages; each names its fields (S4) and only parses."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.lib.uploads import allowed_labels
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.reviews.models import (
    Answer,
    CollectionMethod,
    Decision,
    DocumentKind,
    Jurisdiction,
    Method,
    PersonRole,
    RecommendationStatus,
    RecommendationType,
    ReviewKind,
    ReviewStatus,
    TeamRole,
)
from ccrhub.reviews.queries import measure_choices, processing_point_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _points(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", _("— none —")), *processing_point_choices()],
        required=required,
        label=_("Processing point"),
    )


class ReviewCreateForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", label=_("Collaborative")
    )
    kind = forms.ChoiceField(choices=ReviewKind.choices, label=_("Kind of review"))
    title = forms.CharField(max_length=200, label=_("Title"))
    question = forms.CharField(
        required=False,
        widget=TEXT,
        label=_("Audit question, or what the review is for"),
        help_text=_("No case details beyond what the review needs."),
    )
    scope_points = forms.MultipleChoiceField(
        required=False,
        choices=processing_point_choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Processing points in scope"),
    )
    jurisdiction = forms.ChoiceField(
        required=False,
        choices=[("", _("— default —")), *Jurisdiction.choices],
        label=_("Death review: jurisdiction"),
    )
    notified_on = forms.DateField(required=False, widget=DATE, label=_("Death review: notified on"))
    response_on = forms.DateField(
        required=False, widget=DATE, label=_("SART review: date of the response reviewed")
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        if len(collaboratives) == 1:
            self.initial["collaborative"] = collaboratives[0].public_id


class ReviewEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, label=_("Title"))
    question = forms.CharField(required=False, widget=TEXT, label=_("Question or purpose"))
    scope_points = forms.MultipleChoiceField(
        required=False,
        choices=processing_point_choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Processing points in scope"),
    )
    status = forms.ChoiceField(
        choices=[c for c in ReviewStatus.choices if c[0] != ReviewStatus.PUBLISHED],
        label=_("Status"),
    )
    summary = forms.CharField(required=False, widget=TEXT, label=_("Executive summary"))
    overview = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 10}), label=_("Overview report")
    )
    terms_of_reference = forms.CharField(required=False, widget=TEXT, label=_("Terms of reference"))
    proceedings_closed = forms.BooleanField(
        required=False, label=_("Criminal proceedings are closed")
    )
    response_on = forms.DateField(required=False, widget=DATE, label=_("Date of the response"))


class MemberForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=User.objects.none(), to_field_name="public_id", label=_("Person")
    )
    role = forms.ChoiceField(choices=TeamRole.choices, label=_("Role in the review"))
    confidentiality_signed_on = forms.DateField(
        required=False, widget=DATE, label=_("Confidentiality agreement signed on")
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class RecordForm(forms.Form):
    method = forms.ChoiceField(choices=CollectionMethod.choices, label=_("Method"))
    title = forms.CharField(max_length=200, label=_("What"))
    processing_point = _points()
    planned_on = forms.DateField(required=False, widget=DATE, label=_("Planned for"))
    done_on = forms.DateField(required=False, widget=DATE, label=_("Done on"))
    notes = forms.CharField(
        required=False,
        widget=TEXT,
        label=_("Notes"),
        help_text=_("Kept encrypted. No names of survivors or other people."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=DocumentKind.choices, label=_("Kind"))
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Agency whose document it is"),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("Accepted: %(kinds)s.") % {"kinds": allowed_labels()}
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class AnnotationForm(forms.Form):
    location = forms.CharField(
        max_length=100, required=False, label=_("Where (page, section, field)")
    )
    quote = forms.CharField(required=False, widget=TEXT, label=_("Passage"))
    note = forms.CharField(widget=TEXT, label=_("Annotation"))
    processing_point = _points()


class FindingForm(forms.Form):
    problem = forms.CharField(max_length=300, label=_("The problem"))
    method = forms.ChoiceField(
        choices=Method.choices, label=_("Institutional method that produces it")
    )
    processing_point = _points()
    how_produced = forms.CharField(
        required=False, widget=TEXT, label=_("How the institution produces it")
    )
    evidence = forms.CharField(required=False, widget=TEXT, label=_("Evidence"))
    measure_key = forms.ChoiceField(
        required=False,
        choices=lambda: [("", _("— none —")), *measure_choices()],
        label=_("Tracking measure to watch"),
    )


class FindingEditForm(FindingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecommendationForm(forms.Form):
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Owner agency")
    )
    kind = forms.ChoiceField(choices=RecommendationType.choices, label=_("Type"))
    text = forms.CharField(widget=TEXT, label=_("Recommendation"))
    theme = forms.CharField(
        max_length=80,
        required=False,
        label=_("Theme"),
        help_text=_("A short theme, e.g. risk assessment, so recurring themes show."),
    )
    due_on = forms.DateField(required=False, widget=DATE, label=_("Due"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]


class RecommendationEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=RecommendationStatus.choices, label=_("Status"))
    due_on = forms.DateField(required=False, widget=DATE, label=_("Due"))
    theme = forms.CharField(max_length=80, required=False, label=_("Theme"))
    action_plan = forms.CharField(required=False, widget=TEXT, label=_("Action plan"))
    evidence = forms.CharField(required=False, widget=TEXT, label=_("Evidence of implementation"))


class PersonForm(forms.Form):
    role = forms.ChoiceField(choices=PersonRole.choices, label=_("Who"))
    real_name = forms.CharField(max_length=200, label=_("Real name"))
    date_of_birth = forms.DateField(required=False, widget=DATE, label=_("Date of birth"))
    pseudonym = forms.CharField(max_length=80, label=_("Pseudonym used in the report"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[c for c in Decision.choices if c[0]], label=_("Decision"))
    decided_on = forms.DateField(widget=DATE, label=_("Decided on"))


class ChronologyRequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Agency")
    )
    due_on = forms.DateField(widget=DATE, label=_("Return by"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class EntryForm(ChronologyRequestForm):
    due_on = None  # type: ignore[assignment]
    occurred_on = forms.DateField(widget=DATE, label=_("Date"))
    text = forms.CharField(widget=TEXT, label=_("What happened and what the agency did"))


class FamilyForm(forms.Form):
    on = forms.DateField(widget=DATE, label=_("Date"))
    text = forms.CharField(widget=TEXT, label=_("Contact and what the family said"))


class QualityForm(forms.Form):
    text = forms.CharField(widget=TEXT, label=_("Quality-assurance feedback"))


class CheckForm(forms.Form):
    contacted = forms.ChoiceField(choices=Answer.choices, label=_("Was the member contacted?"))
    fulfilled = forms.ChoiceField(choices=Answer.choices, label=_("Did it fulfil its role?"))
    went_well = forms.CharField(required=False, widget=TEXT, label=_("What went well"))
    did_not = forms.CharField(required=False, widget=TEXT, label=_("What did not"))


class ConfirmForm(forms.Form):
    """A POST-only step (publish, chase, apply pseudonyms); CSRF is the only field."""
