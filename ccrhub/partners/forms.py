"""Input parsing for the partners pages. Forms validate; actions save."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ccrhub.partners import avenue
from ccrhub.partners.models import (
    Agency,
    Collaborative,
    CollaborativeKind,
    Regime,
    Role,
    Sector,
)

USWDS_WIDGET_CLASSES: dict[type[Any], str] = {
    forms.TextInput: "usa-input",
    forms.Textarea: "usa-textarea",
    forms.Select: "usa-select",
    forms.DateInput: "usa-input",
    forms.RadioSelect: "usa-radio__input",
}


class UswdsMixin:
    """Give each widget its USWDS class, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():  # type: ignore[attr-defined]
            css = USWDS_WIDGET_CLASSES.get(type(bound.widget))
            if css:
                bound.widget.attrs.setdefault("class", css)


class CommunitiesField(forms.CharField):
    """Communities as one per line (or comma-separated) → a list of names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        parts = [p.strip() for line in text.splitlines() for p in line.split(",")]
        names = list(dict.fromkeys(p[:100] for p in parts if p))
        if len(names) > 50:
            raise forms.ValidationError(_("List at most 50 communities."))
        return names


class CollaborativeForm(UswdsMixin, forms.Form):
    # Only these fields exist: posting anything else (is_active, parent, id…) is ignored.
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CollaborativeKind.choices)
    area = forms.CharField(label=_("Area served"), max_length=200, required=False)
    mission = forms.CharField(
        label=_("Mission"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    communities_served = CommunitiesField(
        label=_("Communities served"),
        help_text=_("One per line, e.g. Latino, Deaf, LGBTQ, immigrant communities."),
    )


class AgencyForm(UswdsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    communities = CommunitiesField(
        label=_("Communities the agency is specific to or led by"),
        help_text=_("One per line; leave empty for a general agency."),
    )


class AgencyCreateForm(AgencyForm):
    short_code = forms.SlugField(
        label=_("Short code"),
        max_length=32,
        help_text=_("Letters, digits and hyphens; imports refer to the agency by it."),
    )
    regime = forms.ChoiceField(label=_("Legal regime of its data"), choices=Regime.choices)
    collaborative = forms.ModelChoiceField(
        label=_("Add it to"),
        queryset=Collaborative.objects.none(),
        empty_label=None,
        to_field_name="public_id",
    )

    field_order = ["name", "short_code", "sector", "regime", "communities", "collaborative"]

    def __init__(self, *args: Any, collaboratives: QuerySet[Collaborative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]

    def clean_short_code(self) -> str:
        code = str(self.cleaned_data["short_code"]).lower()
        if Agency.objects.filter(short_code=code).exists():
            raise forms.ValidationError(_("Another agency already uses this short code."))
        return code


class MembershipForm(UswdsMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), to_field_name="public_id"
    )
    joined_on = forms.DateField(
        label=_("Joined on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class GrantRoleForm(UswdsMixin, forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, to_field_name="public_id"
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(
        self, *args: Any, users: QuerySet[Any], roles: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = _person_label  # type: ignore[attr-defined]
        # Offered: the roles the actor may give. Accepted: any role, so that the action,
        # the one rule for the page and the API, is what refuses the others (S5).
        self.fields["role"].widget.choices = roles


def _person_label(user: Any) -> str:
    agency = f" ({user.agency.name})" if user.agency_id else ""
    return f"{user.get_full_name()}{agency}"


class AvenueForm(UswdsMixin, forms.Form):
    """The questionnaire; its questions come from `avenue.QUESTIONS`."""

    collaborative = forms.ModelChoiceField(
        label=_("The collaborative you work in"),
        queryset=Collaborative.objects.none(),
        required=False,
        to_field_name="public_id",
    )
    existing_collaborative = forms.ModelChoiceField(
        label=_("The existing collaborative, if it is on CCR Hub"),
        queryset=Collaborative.objects.none(),
        required=False,
        to_field_name="public_id",
    )
    existing_name = forms.CharField(label=_("Or its name"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        mine: QuerySet[Collaborative],
        usable: QuerySet[Collaborative],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = usable  # type: ignore[attr-defined]
        self.fields["existing_collaborative"].queryset = mine  # type: ignore[attr-defined]
        for question in avenue.QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=question.choices,
                widget=forms.RadioSelect,
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[q.key] for q in avenue.QUESTIONS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing_collaborative") and not data.get("existing_name", "").strip():
            raise forms.ValidationError(_("Choose the existing collaborative or type its name."))
        return data

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[q.key] for q in avenue.QUESTIONS}
