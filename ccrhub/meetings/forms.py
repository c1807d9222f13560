"""Forms of the meetings pages; each names its fields (S4)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ccrhub.accounts.models import User
from ccrhub.meetings import adoption, facilitation
from ccrhub.meetings.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Decision,
    Meeting,
    VoteChoice,
)
from ccrhub.partners.models import Agency, Collaborative, Representative

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    ("weekly", _("Every week, on the same weekday")),
    ("fortnightly", _("Every two weeks, on the same weekday")),
    ("monthly_weekday", _("Every month, on the same weekday (e.g. the second Thursday)")),
    ("monthly_date", _("Every month, on the same date")),
]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = obj.agency.name if obj.agency_id else ""
        return f"{obj} — {agency}" if agency else str(obj)


def people_of(representatives: Any) -> Any:
    return User.objects.filter(pk__in=[r.user_id for r in representatives]).select_related("agency")


class MeetingForm(forms.Form):
    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id"
    )
    title = forms.CharField(max_length=200, label=_("Title"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_WIDGET)
    duration_minutes = forms.IntegerField(
        min_value=5, max_value=600, initial=90, label=_("Length in minutes")
    )
    location = forms.CharField(max_length=300, required=False, label=_("Place or link"))
    repeats = forms.ChoiceField(choices=REPEAT_CHOICES, required=False, label=_("Repeats"))
    repeat_until = forms.DateField(
        required=False,
        widget=DATE_WIDGET,
        label=_("Repeat until"),
        help_text=_("Meetings are created six months ahead."),
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]


class MeetingEditForm(forms.ModelForm[Meeting]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "duration_minutes", "location", "is_cancelled"]
        widgets = {"starts_at": DATETIME_WIDGET}
        labels = {"is_cancelled": _("This meeting is cancelled")}


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Item"))
    owner = PersonChoiceField(
        queryset=User.objects.none(), required=False, to_field_name="public_id", label=_("Led by")
    )
    minutes = forms.IntegerField(min_value=1, max_value=480, initial=10, label=_("Minutes"))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class AgendaTemplateForm(forms.Form):
    template = forms.ChoiceField(choices=(), label=_("Facilitation template"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = facilitation.choices()  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One status and one confidentiality box per person with a role in the collaborative.

    Field names carry the person's public id, never an internal key.
    """

    STATUS_CHOICES = [("", _("Not recorded")), *AttendanceStatus.choices]

    def __init__(
        self, *args: Any, representatives: list[Representative], current: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people: list[tuple[User, str, str]] = []
        for rep in representatives:
            user = rep.user
            key = user.public_id.hex
            row = current.get(user.pk)
            label = f"{user} — {user.agency.name}" if user.agency else str(user)
            self.fields[f"status_{key}"] = forms.ChoiceField(
                choices=self.STATUS_CHOICES,
                required=False,
                label=label,
                initial=row.status if row else "",
            )
            self.fields[f"signed_{key}"] = forms.BooleanField(
                required=False,
                label=_("Signed the confidentiality statement"),
                initial=bool(row and row.confidentiality_signed),
            )
            self.people.append((user, f"status_{key}", f"signed_{key}"))

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[status], self[signed]) for _user, status, signed in self.people]


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        label=_("Minutes"),
        help_text=_(
            "Record systems issues and decisions, not individual survivors: a CCR does not "
            "staff cases."
        ),
    )
    restricted = forms.BooleanField(
        required=False, label=_("Restrict the minutes to the agencies that attended")
    )


class ApproveMinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionItemForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Action"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), to_field_name="public_id", label=_("Owning agency")
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        label=_("Owner"),
        help_text=_("Leave empty for the agency as a whole."),
    )
    due_on = forms.DateField(widget=DATE_WIDGET, label=_("Due on"))
    # The agenda discussion the action comes out of, when started from one.
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self, *args: Any, agencies: Any, people: Any, agenda: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        if agenda is not None:
            self.fields["agenda_item"].queryset = agenda  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))
    status_note = forms.CharField(
        max_length=500, required=False, label=_("Note"), help_text=_("What changed, briefly.")
    )


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment"))


class DecisionForm(forms.ModelForm[Decision]):
    """A proposal; the collaborative is chosen here unless the decision is a meeting's."""

    collaborative = forms.ModelChoiceField(
        queryset=Collaborative.objects.none(), to_field_name="public_id", required=False
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Agenda item"),
    )

    class Meta:
        model = Decision
        fields = ["title", "text", "voting_unit", "anonymous"]
        labels = {
            "text": _("The proposal"),
            "voting_unit": _("Who votes"),
            "anonymous": _("Anonymous vote: nobody, the coordinator included, sees who voted what"),
        }
        widgets = {"voting_unit": forms.RadioSelect}

    def __init__(
        self, *args: Any, collaboratives: Any = None, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if meeting is None:
            del self.fields["agenda_item"]
            self.fields["collaborative"].required = True
            self.fields["collaborative"].queryset = collaboratives  # type: ignore[attr-defined]
        else:
            del self.fields["collaborative"]
            self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=VoteChoice.choices, widget=forms.RadioSelect, label=_("Your vote")
    )


class CloseDecisionForm(forms.ModelForm[Decision]):
    """The outcome; with what the decision adopts, chosen among the collaborative's
    mission or protocol versions waiting for a decision, or described in free text."""

    adopts = forms.ChoiceField(
        choices=(),
        required=False,
        label=_("What it adopts"),
        help_text=_("A proposed mission statement or protocol version of this collaborative."),
    )

    class Meta:
        model = Decision
        fields = ["outcome", "outcome_note", "adopted_reference"]
        labels = {
            "outcome": _("Outcome"),
            "outcome_note": _("Note for the minutes"),
            "adopted_reference": _("Or describe what it adopted (e.g. a document kept elsewhere)"),
        }

    def __init__(self, *args: Any, collaborative_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        options = adoption.choices(collaborative_id) if collaborative_id is not None else []
        if options:
            self.fields["adopts"].choices = [("", _("Nothing listed here")), *options]  # type: ignore[attr-defined]
        else:
            del self.fields["adopts"]
