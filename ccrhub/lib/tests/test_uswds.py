"""The field renderer (`includes/fields.html` with the `uswds` filters): a field that takes
several choices is a list of checkboxes with every stored value ticked, so saving the
form unchanged sends all of them back; a single choice drawn as radio buttons stays so."""

from html.parser import HTMLParser

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string

COLOURS = [("red", "Red"), ("green", "Green"), ("blue", "Blue")]


class ChoicesForm(forms.Form):
    boxes = forms.MultipleChoiceField(
        choices=COLOURS, required=False, widget=forms.CheckboxSelectMultiple
    )
    listed = forms.MultipleChoiceField(choices=COLOURS, required=False)  # a SelectMultiple
    numbers = forms.TypedMultipleChoiceField(
        choices=[(1, "One"), (2, "Two"), (3, "Three")],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    one = forms.ChoiceField(choices=COLOURS, widget=forms.RadioSelect)


STORED = {"boxes": ["red", "blue"], "listed": ["green", "blue"], "numbers": [1, 3], "one": "green"}


class Inputs(HTMLParser):
    """The <input> and <label> tags of a rendered form, as attribute dictionaries."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.label_targets: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))
        elif tag == "label":
            self.label_targets.append(dict(attrs).get("for"))

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [i for i in self.inputs if i.get("name") == name]


def rendered(form: forms.Form) -> Inputs:
    parser = Inputs()
    parser.feed(render_to_string("includes/fields.html", {"form": form}))
    return parser


def submitted(parser: Inputs) -> QueryDict:
    """What a browser sends for the form as drawn: every checked box and radio."""
    data = QueryDict(mutable=True)
    for tag in parser.inputs:
        if tag.get("type") in ("checkbox", "radio") and "checked" in tag:
            data.appendlist(str(tag["name"]), str(tag["value"]))
    return data


def test_a_multiple_choice_field_is_drawn_as_checkboxes_not_radio_buttons() -> None:
    page = rendered(ChoicesForm(initial=STORED))
    for name in ("boxes", "listed", "numbers"):
        kinds = {tag["type"] for tag in page.named(name)}
        classes = {tag["class"] for tag in page.named(name)}
        assert kinds == {"checkbox"}, name
        assert classes == {"usa-checkbox__input"}, name
        assert len(page.named(name)) == 3, name
    assert {tag["type"] for tag in page.named("one")} == {"radio"}


def test_every_stored_value_of_a_multiple_field_is_ticked_when_editing() -> None:
    page = rendered(ChoicesForm(initial=STORED))

    def ticked(name: str) -> list[str | None]:
        return [tag["value"] for tag in page.named(name) if "checked" in tag]

    assert ticked("boxes") == ["red", "blue"]
    assert ticked("listed") == ["green", "blue"]
    assert ticked("numbers") == ["1", "3"]
    assert ticked("one") == ["green"]


def test_saving_the_form_unchanged_keeps_every_stored_value() -> None:
    form = ChoicesForm(data=submitted(rendered(ChoicesForm(initial=STORED))))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == STORED


def test_a_ticked_box_survives_a_refused_submission() -> None:
    refused = ChoicesForm(data=QueryDict("boxes=green&boxes=blue&numbers=2&numbers=3"))
    assert not refused.is_valid()  # "one" is required
    page = rendered(refused)
    assert {t["type"] for t in page.named("boxes") + page.named("numbers")} == {"checkbox"}
    assert [t["value"] for t in page.named("boxes") if "checked" in t] == ["green", "blue"]
    assert [t["value"] for t in page.named("numbers") if "checked" in t] == ["2", "3"]


def test_each_box_has_its_own_id_and_label() -> None:
    page = rendered(ChoicesForm(initial=STORED))
    ids = [tag["id"] for tag in page.inputs if tag.get("type") in ("checkbox", "radio")]
    assert len(ids) == len(set(ids)) == 12
    assert all(ids) and "None" not in ids
    assert sorted(ids) == sorted(target for target in page.label_targets if target in ids)
